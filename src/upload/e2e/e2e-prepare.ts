import { E2E_ENVELOPE_TYPE, type E2eDeclared, importRsaOaepKey, sealPhoto, subtleCrypto } from '../../lib/e2e-envelope';
import type { PrepareFile, PrepareResult } from '../types';

export { E2E_ENVELOPE_TYPE };

/** What the session read says (`e2ePublicKey`, `e2eAllowDowngrade`). */
export interface E2eSettings {
  publicKey: string;
  allowDowngrade: boolean;
}

export const isE2eEnvelope = (prepared: { type: string }) => prepared.type === E2E_ENVELOPE_TYPE;

/** Whether this page can seal photos: 'encrypt', 'downgrade' (send plain, the session allows it) or 'refuse'. */
export function e2eCapability(settings: E2eSettings, subtle = subtleCrypto()): 'encrypt' | 'downgrade' | 'refuse' {
  if (subtle !== undefined) return 'encrypt';
  return settings.allowDowngrade ? 'downgrade' : 'refuse';
}

/** Seals one prepared photo in the preparation worker (src/compress/native-worker.ts): the envelope blob. */
export type SealInWorker = (request: { photo: Blob; publicKey: string; declared: E2eDeclared }) => Promise<Blob>;

export interface E2eDependencies {
  subtle?: SubtleCrypto;
  dimensions: (blob: Blob) => Promise<{ width: number; height: number } | undefined>;
  /** The preparation worker's sealing, where the preparation has a worker; undefined: sealed on this thread. */
  inWorker?: () => Promise<SealInWorker | undefined>;
}

/**
 * Wraps the preparation (resize, orientation, GPS removal: unchanged, all before encryption) so that what it
 * makes is sealed for the session's key at once: in the preparation worker where there is one, else (no worker,
 * or the worker failed) on this thread, same envelope. The queue keeps and stores the prepared result, so the
 * envelope is what goes to IndexedDB (the photo in the clear is never stored longer than before: the picked
 * original is replaced by it, as the prepared copy always was) and what every retry resends: one envelope per photo.
 * The envelope also carries what the server can no longer read from the bytes: type and dimensions.
 */
export function withE2e(prepare: PrepareFile, settings: E2eSettings, deps: E2eDependencies): PrepareFile {
  const subtle = deps.subtle ?? subtleCrypto();
  const capability = e2eCapability(settings, subtle);
  let key: Promise<CryptoKey> | undefined;
  return async (file, limits, onCompressing): Promise<PrepareResult> => {
    if (capability === 'refuse') return { ok: false, message: { key: 'file.e2eUnavailable' } };
    const prepared = await prepare(file, limits, onCompressing);
    if (!prepared.ok || capability === 'downgrade' || subtle === undefined) return prepared;
    const size = await deps.dimensions(prepared.blob);
    const declared: E2eDeclared = { mimeType: prepared.type, ...(size === undefined ? {} : { width: size.width, height: size.height }) };
    const request = { photo: prepared.blob, publicKey: settings.publicKey, declared };
    const inWorker = await deps.inWorker?.().catch(() => undefined);
    let blob = await inWorker?.(request).catch(() => undefined);
    if (blob === undefined) {
      key ??= importRsaOaepKey(settings.publicKey, subtle);
      blob = await sealPhoto(prepared.blob, await key, declared, subtle);
    }
    // The look was seen before sealing: the hint and the preview stay on the phone.
    return { ...prepared, blob, type: E2E_ENVELOPE_TYPE, name: `${prepared.name}.enc` };
  };
}
