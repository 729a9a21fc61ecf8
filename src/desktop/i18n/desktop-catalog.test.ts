import { describe, expect, it } from 'vitest';
import type { Message } from '../../i18n/catalog-types';
import type { DesktopCatalog, DesktopKey } from './desktop-catalog-types';
import { desktopEn } from './desktop-en';
import { desktopEs } from './desktop-es';
import { desktopFr } from './desktop-fr';
import { createDesktopText } from './desktop-text';

const placeholders = (message: Message): string[] => {
  const texts = typeof message === 'string' ? [message] : Object.values(message);
  return [...new Set(texts.flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '')))].sort();
};
const isKey = (key: string): key is DesktopKey => Object.hasOwn(desktopEn, key);
const keys = Object.keys(desktopEn).filter(isKey).sort();

describe.each([
  ['fr', desktopFr],
  ['es', desktopEs],
] as const)('the desktop %s catalog', (_lang, catalog: DesktopCatalog) => {
  it('has exactly the English keys', () => {
    expect(Object.keys(catalog).sort()).toEqual(keys);
  });

  it.each(keys)('%s: same placeholders as English, and translated', (key) => {
    expect(placeholders(catalog[key])).toEqual(placeholders(desktopEn[key]));
    expect(catalog[key]).not.toEqual(desktopEn[key]);
  });
});

describe('desktop text', () => {
  it('chooses plural forms, fills placeholders and formats numbers for the language', () => {
    const en = createDesktopText('en', desktopEn);
    expect(en('desktop.received', { count: 0 })).toBe('No photos yet');
    expect(en('desktop.received', { count: 1 })).toBe('1 photo received');
    expect(en('desktop.received', { count: 1200 })).toBe('1,200 photos received');
    expect(en('desktop.photoArrived', { name: 'cat.jpg' })).toBe('Photo received: cat.jpg');
    const fr = createDesktopText('fr', desktopFr);
    expect(fr('desktop.remaining', { count: 2 })).toBe('Encore 2\u00a0photos possibles');
  });
});
