import { constants, createCipheriv, publicEncrypt, randomBytes } from 'node:crypto';

/**
 * Seals bytes as Apertur's SDKs do for `upload.imageEncrypted`: a random AES-256-GCM key and 12-byte IV, the tag
 * appended to the ciphertext, the key wrapped with RSA-OAEP SHA-256 for the server's public key; all base64.
 */
export function sealForServer(plain: Buffer, publicKeyPem: string) {
  const aesKey = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', aesKey, iv);
  const encryptedData = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  const encryptedKey = publicEncrypt({ key: publicKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, aesKey);
  return {
    encryptedKey: encryptedKey.toString('base64'),
    iv: iv.toString('base64'),
    encryptedData: encryptedData.toString('base64'),
    algorithm: 'RSA-OAEP+AES-256-GCM',
  };
}
