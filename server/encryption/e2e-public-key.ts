import { createPublicKey } from 'node:crypto';
import { ENCRYPTION } from '../limits';

export type PublicKeyVerdict = { ok: true; pem: string } | { ok: false; reason: string };

/**
 * An integrator's end-to-end key (`e2e_public_key`): an SPKI PEM ("-----BEGIN PUBLIC KEY-----") of an RSA key of
 * `e2eMinKeyBits` to `e2eMaxKeyBits` bits, the only kind the page's WebCrypto can wrap an AES key for with RSA-OAEP.
 * Kept as given (trimmed): the page imports that same text.
 */
export function checkE2ePublicKey(text: string): PublicKeyVerdict {
  const pem = text.trim();
  if (pem.length > ENCRYPTION.e2eMaxPemLength) return { ok: false, reason: `must be at most ${ENCRYPTION.e2eMaxPemLength} characters` };
  if (!/^-----BEGIN PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END PUBLIC KEY-----$/.test(pem)) {
    return { ok: false, reason: 'must be an SPKI PEM ("-----BEGIN PUBLIC KEY-----")' };
  }
  let details;
  try {
    const key = createPublicKey({ key: pem, format: 'pem', type: 'spki' });
    details = { type: key.asymmetricKeyType, bits: key.asymmetricKeyDetails?.modulusLength ?? 0 };
  } catch {
    return { ok: false, reason: 'is not a readable public key' };
  }
  if (details.type !== 'rsa') return { ok: false, reason: `must be an RSA key (got ${details.type ?? 'another kind'})` };
  if (details.bits < ENCRYPTION.e2eMinKeyBits || details.bits > ENCRYPTION.e2eMaxKeyBits) {
    return { ok: false, reason: `must be an RSA key of ${ENCRYPTION.e2eMinKeyBits} to ${ENCRYPTION.e2eMaxKeyBits} bits (got ${details.bits})` };
  }
  return { ok: true, pem };
}
