import { expect, it } from 'vitest';
import type { MessageKey } from '../i18n/catalog-types';
import type { UploadMessageKey } from './types';

// Compile-time (typecheck fails, not this run): every message key the upload engine can emit has a catalog entry.
type EmittedKeysAreInCatalog = [UploadMessageKey] extends [MessageKey] ? true : never;
const emittedKeysAreInCatalog: EmittedKeysAreInCatalog = true;

it('every message key the upload engine emits is a catalog key (checked by the compiler)', () => {
  expect(emittedKeysAreInCatalog).toBe(true);
});
