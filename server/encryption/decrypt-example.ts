import { constants, createDecipheriv, privateDecrypt } from 'node:crypto';

/**
 * How an integrator opens an end-to-end photo (README, "End-to-end encryption"): the envelope is what the
 * download, the webhook's image part and the folder's `.enc` file hold. Needs nothing but node:crypto; throws if
 * the envelope was not sealed for this key or was changed on the way (the GCM tag).
 */
export function decryptEnvelope(envelopeJson: string | Buffer, privateKeyPem: string): Buffer {
  const envelope = JSON.parse(envelopeJson.toString()) as { algorithm: string; encryptedKey: string; iv: string; encryptedData: string };
  if (envelope.algorithm !== 'RSA-OAEP+AES-256-GCM') throw new Error(`unknown algorithm ${envelope.algorithm}`);
  const aesKey = privateDecrypt(
    { key: privateKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    Buffer.from(envelope.encryptedKey, 'base64'),
  );
  const sealed = Buffer.from(envelope.encryptedData, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', aesKey, Buffer.from(envelope.iv, 'base64'));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
}
