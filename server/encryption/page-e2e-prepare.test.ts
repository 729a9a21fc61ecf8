import { constants, createDecipheriv, generateKeyPairSync, privateDecrypt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { E2E_ENVELOPE_TYPE, withE2e } from '../../src/upload/e2e/e2e-prepare';
import type { PrepareFile, UploadLimits } from '../../src/upload/types';
import { buildUploadRequest } from '../../src/upload/upload-request';
import { decryptEnvelope } from './decrypt-example';

/** The page's end-to-end step (src/upload/e2e/e2e-prepare.ts) around a scripted preparation. */
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const settings = { publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(), allowDowngrade: false };
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const preparedBytes = new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3, 0xff, 0xd9]);
const prepare: PrepareFile = async () => ({ ok: true, blob: new Blob([preparedBytes], { type: 'image/jpeg' }), type: 'image/jpeg', name: 'IMG_1.jpg' });
const limits: UploadLimits = { remainingSlots: 1, allowedMimeTypes: ['image/jpeg'], maxImageSizeBytes: 1e6, maxImageDimension: null, stripGps: true };
const file = new File([preparedBytes], 'IMG_1.jpg');
const dimensions = async () => ({ width: 4, height: 3 });

describe('withE2e', () => {
  it('seals the prepared bytes (not the original) with the declared type and dimensions; the decrypt example opens them', async () => {
    const result = await withE2e(prepare, settings, { subtle: globalThis.crypto.subtle, dimensions })(file, limits, () => {});
    if (!result.ok) throw new Error('refused');
    expect([result.type, result.name, result.blob.type]).toEqual([E2E_ENVELOPE_TYPE, 'IMG_1.jpg.enc', E2E_ENVELOPE_TYPE]);
    const text = await result.blob.text();
    expect(JSON.parse(text)).toMatchObject({ algorithm: 'RSA-OAEP+AES-256-GCM', mimeType: 'image/jpeg', width: 4, height: 3 });
    expect(decryptEnvelope(text, privatePem).equals(Buffer.from(preparedBytes))).toBe(true);
    // Independent of the example: node:crypto straight.
    const envelope = JSON.parse(text) as { encryptedKey: string; iv: string; encryptedData: string };
    const aesKey = privateDecrypt({ key: privatePem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(envelope.encryptedKey, 'base64'));
    expect(aesKey).toHaveLength(32);
    expect(() => createDecipheriv('aes-256-gcm', aesKey, Buffer.from(envelope.iv, 'base64'))).not.toThrow();
  });

  it('seals in the preparation worker where there is one: the prepared photo, the key and the declared type and size go there, its envelope is kept', async () => {
    const asked: unknown[] = [];
    const fromWorker = new Blob(['{"from":"worker"}'], { type: E2E_ENVELOPE_TYPE });
    const inWorker = async () => async (request: unknown) => {
      asked.push(request);
      return fromWorker;
    };
    const result = await withE2e(prepare, settings, { subtle: globalThis.crypto.subtle, dimensions, inWorker })(file, limits, () => {});
    if (!result.ok) throw new Error('refused');
    expect(result.blob).toBe(fromWorker);
    expect(result.name).toBe('IMG_1.jpg.enc');
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ publicKey: settings.publicKey, declared: { mimeType: 'image/jpeg', width: 4, height: 3 } });
    const photo = (asked[0] as { photo: Blob }).photo;
    expect(Buffer.from(await photo.arrayBuffer()).equals(Buffer.from(preparedBytes))).toBe(true);
  });

  it('a worker that fails to seal (or to load) leaves the sealing to the page: same envelope, still opens', async () => {
    const failing = async () => async () => Promise.reject(new Error('worker died'));
    const unloadable = () => Promise.reject(new Error('chunk'));
    for (const inWorker of [failing, unloadable]) {
      const result = await withE2e(prepare, settings, { subtle: globalThis.crypto.subtle, dimensions, inWorker })(file, limits, () => {});
      if (!result.ok) throw new Error('refused');
      expect(result.type).toBe(E2E_ENVELOPE_TYPE);
      expect(decryptEnvelope(await result.blob.text(), privatePem).equals(Buffer.from(preparedBytes))).toBe(true);
    }
  });

  it('without WebCrypto: refuses each photo (file.e2eUnavailable) before preparing it, or sends it plain where the session allows a downgrade', async () => {
    let prepared = 0;
    const counting: PrepareFile = async (...args) => {
      prepared += 1;
      return prepare(...args);
    };
    const none = { subtle: undefined, dimensions };
    const originalCrypto = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
    Object.defineProperty(globalThis, 'crypto', { value: {}, configurable: true });
    try {
      expect(await withE2e(counting, settings, none)(file, limits, () => {})).toEqual({ ok: false, message: { key: 'file.e2eUnavailable' } });
      expect(prepared).toBe(0);
      const plain = await withE2e(counting, { ...settings, allowDowngrade: true }, none)(file, limits, () => {});
      expect(plain).toMatchObject({ ok: true, type: 'image/jpeg', name: 'IMG_1.jpg' });
    } finally {
      if (originalCrypto !== undefined) Object.defineProperty(globalThis, 'crypto', originalCrypto);
    }
  });

  it('an envelope goes with X-Aptr-Encrypted: e2e, a plain photo without', () => {
    const base = { sessionId: 's', blob: new Blob(['x']), fileName: 'a.enc', source: 'camera' as const, idempotencyKey: 'k' };
    expect(buildUploadRequest({ ...base, e2e: true }).headers['X-Aptr-Encrypted']).toBe('e2e');
    expect(buildUploadRequest(base).headers['X-Aptr-Encrypted']).toBeUndefined();
  });
});
