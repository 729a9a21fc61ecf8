/** The page's WebCrypto sealing (src/upload/e2e), checked in the server project where node:crypto types live. */
import { constants, createDecipheriv, generateKeyPairSync, privateDecrypt, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encryptEnvelope, importRsaOaepKey, toBase64 } from '../../src/lib/e2e-envelope';

/** The integrator's side, written with node:crypto only: what server/encryption/decrypt-example.ts does. */
function open(envelope: { encryptedKey: string; iv: string; encryptedData: string }, privateKey: string): Buffer {
  const aesKey = privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(envelope.encryptedKey, 'base64'));
  const sealed = Buffer.from(envelope.encryptedData, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', aesKey, Buffer.from(envelope.iv, 'base64'));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
}

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const subtle = globalThis.crypto.subtle;

describe('encryptEnvelope (WebCrypto), opened with node:crypto', () => {
  it('restores the same bytes; 12-byte IV, tag appended, key wrapped for 2048-bit RSA', async () => {
    const plain = new Uint8Array(randomBytes(300_000));
    const envelope = await encryptEnvelope(plain, await importRsaOaepKey(publicPem, subtle), subtle);
    expect(envelope.algorithm).toBe('RSA-OAEP+AES-256-GCM');
    expect(Buffer.from(envelope.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(envelope.encryptedKey, 'base64')).toHaveLength(256);
    expect(Buffer.from(envelope.encryptedData, 'base64')).toHaveLength(plain.length + 16);
    expect(open(envelope, privatePem).equals(Buffer.from(plain))).toBe(true);
  });

  it('a fresh key and IV every time; a changed ciphertext does not open', async () => {
    const key = await importRsaOaepKey(publicPem, subtle);
    const plain = new Uint8Array([1, 2, 3, 4]);
    const [a, b] = await Promise.all([encryptEnvelope(plain, key, subtle), encryptEnvelope(plain, key, subtle)]);
    expect(a.iv).not.toBe(b.iv);
    expect(a.encryptedData).not.toBe(b.encryptedData);
    const data = Buffer.from(a.encryptedData, 'base64');
    data[0] = (data[0] ?? 0) ^ 1;
    expect(() => open({ ...a, encryptedData: data.toString('base64') }, privatePem)).toThrow();
  });

  it('base64 matches node for sizes across the slice boundary', () => {
    for (const size of [0, 1, 2, 3, 0x8000 - 1, 0x8000, 0x8000 * 3 + 7]) {
      const bytes = randomBytes(size);
      expect(toBase64(new Uint8Array(bytes))).toBe(bytes.toString('base64'));
    }
  });
});
