/**
 * What the desk shows the integrator of an end-to-end session: how to open each photo with node:crypto alone.
 * The same steps as server/encryption/decrypt-example.ts (README, "End-to-end encryption"); it is run as written
 * against a real envelope by server/encryption/desktop-decrypt-snippet.test.ts. Code, not prose: not translated.
 */
export const DECRYPT_SNIPPET = `import { constants, createDecipheriv, privateDecrypt } from 'node:crypto';

// envelopeJson: the downloaded photo (or the folder's .enc file); privateKeyPem: your key.
export function decryptPhoto(envelopeJson, privateKeyPem) {
  const { algorithm, encryptedKey, iv, encryptedData } = JSON.parse(envelopeJson);
  if (algorithm !== 'RSA-OAEP+AES-256-GCM') throw new Error('unknown algorithm ' + algorithm);
  const aesKey = privateDecrypt(
    { key: privateKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    Buffer.from(encryptedKey, 'base64'),
  );
  const sealed = Buffer.from(encryptedData, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', aesKey, Buffer.from(iv, 'base64'));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
}
`;
