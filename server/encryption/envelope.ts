/**
 * server/encryption/: end-to-end encrypted uploads: the server's key pair (server-key.ts) and the envelope of an
 * encrypted upload, opened here.
 */
import { constants, createDecipheriv, privateDecrypt, type KeyObject } from 'node:crypto';
import * as v from 'valibot';
import { HttpError } from '../errors';
import { ENCRYPTION } from '../limits';

/**
 * Apertur's encrypted-upload envelope: the photo sealed with a random AES-256-GCM key (tag appended to the
 * ciphertext), that key wrapped with RSA-OAEP (SHA-256, MGF1-SHA-256, no label); every value standard base64.
 */
export interface Envelope {
  encryptedKey: Buffer;
  iv: Buffer;
  /** Ciphertext followed by the 16-byte GCM tag. */
  encryptedData: Buffer;
}

export const badEnvelope = (message: string) => new HttpError(400, 'bad_envelope', message);

/**
 * Standard base64 is what decodes and encodes back to the very same text: url-safe letters, spaces, missing padding
 * all fail. Linear in the photo's size; a regular expression over a 27 MB field overflows V8's backtracking stack.
 */
const base64Field = (name: string) =>
  v.pipe(
    v.string(`"${name}" must be a base64 string.`),
    v.transform((text) => ({ text, bytes: Buffer.from(text, 'base64') })),
    v.check(({ text, bytes }) => bytes.toString('base64') === text, `"${name}" is not standard base64.`),
    v.transform(({ bytes }) => bytes),
  );

const EnvelopeFields = v.object({
  algorithm: v.literal(ENCRYPTION.algorithm, `"algorithm" must be "${ENCRYPTION.algorithm}".`),
  encryptedKey: base64Field('encryptedKey'),
  iv: base64Field('iv'),
  encryptedData: base64Field('encryptedData'),
});

/** Checks an envelope's shape (the JSON transport's body, or the multipart transport's `.enc` part): 400 otherwise. */
export function parseEnvelope(value: unknown): Envelope {
  const parsed = v.safeParse(EnvelopeFields, value);
  if (!parsed.success) throw badEnvelope(parsed.issues[0].message);
  const { encryptedKey, iv, encryptedData } = parsed.output;
  if (iv.length !== ENCRYPTION.ivBytes) throw badEnvelope(`"iv" must be ${ENCRYPTION.ivBytes} bytes.`);
  if (encryptedData.length <= ENCRYPTION.tagBytes) throw badEnvelope('"encryptedData" is too short to hold a photo.');
  return { encryptedKey, iv, encryptedData };
}

/**
 * Opens an envelope with the server's private key. A key wrapped for another key, a damaged tag or ciphertext:
 * all 400, with the same sentence for the key and the tag, so an answer tells an attacker nothing about which failed.
 */
export function openEnvelope(envelope: Envelope, privateKey: KeyObject): Buffer {
  let aesKey: Buffer;
  try {
    aesKey = privateDecrypt(
      { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      envelope.encryptedKey,
    );
  } catch {
    throw cannotOpen();
  }
  if (aesKey.length !== ENCRYPTION.aesKeyBytes) throw cannotOpen();
  const tagStart = envelope.encryptedData.length - ENCRYPTION.tagBytes;
  try {
    const decipher = createDecipheriv('aes-256-gcm', aesKey, envelope.iv, { authTagLength: ENCRYPTION.tagBytes });
    decipher.setAuthTag(envelope.encryptedData.subarray(tagStart));
    return Buffer.concat([decipher.update(envelope.encryptedData.subarray(0, tagStart)), decipher.final()]);
  } catch {
    throw cannotOpen();
  }
}

const cannotOpen = () =>
  badEnvelope('The encrypted photo cannot be opened: it was not sealed for this server\'s key, or it was damaged.');
