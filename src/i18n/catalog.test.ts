import { describe, expect, it } from 'vitest';
import type { FailureMessageKey } from '../lib/http-failure';
import type { UploadMessageKey } from '../upload/types';
import type { Catalog, Message, MessageKey } from './catalog-types';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';

// Compile-time: every message key the status table and the upload engine can emit has a catalog entry.
type EmittedKeysAreInCatalog = [FailureMessageKey | UploadMessageKey] extends [MessageKey] ? true : never;
const emittedKeysAreInCatalog: EmittedKeysAreInCatalog = true;

const placeholders = (message: Message): string[] => {
  const texts = typeof message === 'string' ? [message] : Object.values(message);
  return [...new Set(texts.flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '')))].sort();
};

const isMessageKey = (key: string): key is MessageKey => Object.hasOwn(en, key);
const keys = Object.keys(en).filter(isMessageKey).sort();

describe.each([
  ['fr', fr],
  ['es', es],
] as const)('the %s catalog', (_lang, catalog: Catalog) => {
  it('has exactly the English keys', () => {
    expect(Object.keys(catalog).sort()).toEqual(keys);
  });

  it.each(keys)('%s: same placeholders as English, not left in English', (k) => {
    expect(placeholders(catalog[k])).toEqual(placeholders(en[k]));
    const text = JSON.stringify(catalog[k]);
    if (k !== 'app.name' && k !== 'details.code' && k !== 'details.session') expect(text).not.toBe(JSON.stringify(en[k]));
  });

  it('has no empty message', () => {
    for (const message of Object.values(catalog)) {
      const texts = typeof message === 'string' ? [message] : Object.values(message);
      for (const text of texts) expect(text.trim()).not.toBe('');
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
