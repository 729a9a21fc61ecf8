import type { PrepareFile, PrepareResult } from '../types';
import { type E2eEnvelope, encryptEnvelope, importRsaOaepKey, subtleCrypto } from './encrypt-envelope';

/** What the session read says (`e2eEnabled`, `e2ePublicKey`, `e2eAllowDowngrade`). */
export interface E2eSettings {
  publicKey: string;
  allowDowngrade: boolean;
}

/** The prepared blob's type when it is an envelope: the upload sends it with `X-Aptr-Encrypted: e2e`. */
export const E2E_ENVELOPE_TYPE = 'application/vnd.qrdrop.e2e+json';

export const isE2eEnvelope = (prepared: { type: string }) => prepared.type === E2E_ENVELOPE_TYPE;

/** Whether this page can seal photos: 'encrypt', 'downgrade' (send plain, the session allows it) or 'refuse'. */
export function e2eCapability(settings: E2eSettings, subtle = subtleCrypto()): 'encrypt' | 'downgrade' | 'refuse' {
  if (subtle !== undefined) return 'encrypt';
  return settings.allowDowngrade ? 'downgrade' : 'refuse';
}

export interface E2eDependencies {
  subtle?: SubtleCrypto;
  dimensions: (blob: Blob) => Promise<{ width: number; height: number } | undefined>;
}

/**
 * Wraps the preparation (resize, orientation, GPS removal: unchanged, all before encryption) so that what it
 * makes is sealed for the session's key at once. The queue keeps and stores the prepared result, so the envelope
 * is what goes to IndexedDB (the photo in the clear is never stored longer than before: the picked original is
 * replaced by it, as the prepared copy always was) and what every retry resends: one envelope per photo.
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
    key ??= importRsaOaepKey(settings.publicKey, subtle);
    const [bytes, size] = await Promise.all([prepared.blob.arrayBuffer(), deps.dimensions(prepared.blob)]);
    const envelope: E2eEnvelope & { mimeType: string; width?: number; height?: number } = {
      ...(await encryptEnvelope(bytes, await key, subtle)),
      mimeType: prepared.type,
      ...(size === undefined ? {} : { width: size.width, height: size.height }),
    };
    const blob = new Blob([JSON.stringify(envelope)], { type: E2E_ENVELOPE_TYPE });
    return { ok: true, blob, type: E2E_ENVELOPE_TYPE, name: `${prepared.name}.enc` };
  };
}
