import { describe, expect, it } from 'vitest';
import type { FailureMessageKey } from '../lib/http-failure';
import { ALL_CATALOGS } from './all-catalogs';
import { placeholders, pluralProblems } from './catalog-checks';
import { type Catalog, LANGUAGES, type MessageKey } from './catalog-types';
import { en } from './en';

// Compile-time: every message key the status table can emit has a catalog entry (the upload engine's: upload/message-keys.test.ts).
type EmittedKeysAreInCatalog = [FailureMessageKey] extends [MessageKey] ? true : never;
const emittedKeysAreInCatalog: EmittedKeysAreInCatalog = true;

const isMessageKey = (key: string): key is MessageKey => Object.hasOwn(en, key);
const keys = Object.keys(en).filter(isMessageKey).sort();

/** Words that are the same in English and some translations ("Session", "Code", a brand). */
const MAY_EQUAL_ENGLISH: ReadonlySet<MessageKey> = new Set(['app.name', 'details.code', 'details.session', 'details.problem', 'password.label']);

it('has at least the twelve languages the page promises, each with a catalog', () => {
  expect(LANGUAGES).toEqual(expect.arrayContaining(['en', 'fr', 'es', 'de', 'it', 'pt', 'nl', 'pl', 'tr', 'ar', 'zh', 'ja']));
  expect(Object.keys(ALL_CATALOGS).sort()).toEqual([...LANGUAGES].sort());
});

describe.each(LANGUAGES.filter((lang) => lang !== 'en').map((lang) => [lang, ALL_CATALOGS[lang]] as const))('the %s catalog', (lang, catalog: Catalog) => {
  it('has exactly the English keys', () => {
    expect(Object.keys(catalog).sort()).toEqual(keys);
  });

  it.each(keys)('%s: same placeholders as English, not left in English', (k) => {
    expect(placeholders(catalog[k])).toEqual(placeholders(en[k]));
    const text = JSON.stringify(catalog[k]);
    if (!MAY_EQUAL_ENGLISH.has(k)) expect(text).not.toBe(JSON.stringify(en[k]));
  });

  it('has every plural form the language needs, and none it never uses', () => {
    const problems = keys.map((k) => ({ k, ...pluralProblems(catalog[k], lang) })).filter((p) => p.missing.length + p.unused.length > 0);
    expect(problems).toEqual([]);
  });

  it('has no empty message', () => {
    for (const message of Object.values(catalog)) {
      const texts = typeof message === 'string' ? [message] : Object.values(message);
      for (const text of texts) expect(text.trim()).not.toBe('');
    }
  });

  it('has no directional isolate of its own: U+2068…U+2069 mark the values put in (translate.ts)', () => {
    for (const message of Object.values(catalog)) {
      const texts = typeof message === 'string' ? [message] : Object.values(message);
      for (const text of texts) expect(text).not.toMatch(/[\u2066-\u2069]/);
    }
  });
});

describe('the English catalog', () => {
  it('uses the words of the API.md status table', () => {
    expect(emittedKeysAreInCatalog).toBe(true);
    expect({
      400: en['error.uploadRejected'],
      401: en['error.wrongPassword'],
      403: en['error.forbidden'],
      404: en['error.sessionNotFound'],
      409: en['error.sessionCompleted'],
      410: en['error.sessionExpired'],
      413: en['error.fileTooLarge'],
      415: en['error.unsupportedType'],
      422: en['error.sessionFull'],
      429: en['error.tooManyUploads'],
      500: en['error.connection'],
      retry: en['action.retry'],
    }).toEqual({
      400: 'Upload rejected',
      401: 'Wrong password',
      403: "This link can't be used",
      404: 'Session not found',
      409: 'Session already completed',
      410: 'Session expired',
      413: 'File too large',
      415: 'Unsupported file type',
      422: 'Session full',
      429: 'Too many uploads',
      500: 'Connection problem, retrying…',
      retry: 'Tap to retry',
    });
  });
});
