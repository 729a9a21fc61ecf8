import { describe, expect, it } from 'vitest';
import { placeholders, pluralProblems } from '../../i18n/catalog-checks';
import { LANGUAGES } from '../../i18n/catalog-types';
import { ALL_DESKTOP_CATALOGS } from './all-desktop-catalogs';
import type { DesktopCatalog, DesktopKey } from './desktop-catalog-types';
import { desktopEn } from './desktop-en';
import { desktopFr } from './desktop-fr';
import { createDesktopText } from './desktop-text';

const isKey = (key: string): key is DesktopKey => Object.hasOwn(desktopEn, key);
const keys = Object.keys(desktopEn).filter(isKey).sort();

it('has a desktop catalog for every language of the page', () => {
  expect(Object.keys(ALL_DESKTOP_CATALOGS).sort()).toEqual([...LANGUAGES].sort());
});

describe.each(LANGUAGES.filter((lang) => lang !== 'en').map((lang) => [lang, ALL_DESKTOP_CATALOGS[lang]] as const))('the desktop %s catalog', (lang, catalog: DesktopCatalog) => {
  it('has exactly the English keys', () => {
    expect(Object.keys(catalog).sort()).toEqual(keys);
  });

  it.each(keys)('%s: same placeholders as English, and translated', (key) => {
    expect(placeholders(catalog[key])).toEqual(placeholders(desktopEn[key]));
    expect(catalog[key]).not.toEqual(desktopEn[key]);
  });

  it('has every plural form the language needs, and none it never uses', () => {
    const problems = keys.map((key) => ({ key, ...pluralProblems(catalog[key], lang) })).filter((p) => p.missing.length + p.unused.length > 0);
    expect(problems).toEqual([]);
  });
});

describe('desktop text', () => {
  it('chooses plural forms, fills placeholders and formats numbers for the language', () => {
    const en = createDesktopText('en', desktopEn);
    expect(en('desktop.received', { count: 0 })).toBe('No photos yet');
    expect(en('desktop.received', { count: 1 })).toBe('1 photo received');
    expect(en('desktop.received', { count: 1200 })).toBe('1,200 photos received');
    expect(en('desktop.photoArrived', { name: 'cat.jpg' })).toBe('Photo received: \u2068cat.jpg\u2069');
    const fr = createDesktopText('fr', desktopFr);
    expect(fr('desktop.remaining', { count: 2 })).toBe('Encore 2\u00a0photos possibles');
  });
});
