/**
 * End-to-end encryption on the phone (issue 15): the photo as prepared is sealed for the integrator's key with
 * WebCrypto, in the envelope of Apertur's SDKs (API.md, "Encrypted uploads"): a fresh AES-256-GCM key and 12-byte
 * IV, the 16-byte tag appended to the ciphertext (WebCrypto's own layout), the key wrapped with RSA-OAEP SHA-256.
 */
export const E2E_ALGORITHM = 'RSA-OAEP+AES-256-GCM';

/** The prepared blob's type when it is an envelope: the upload sends it with `X-Aptr-Encrypted: e2e`. */
export const E2E_ENVELOPE_TYPE = 'application/vnd.qrdrop.e2e+json';

/** What the envelope declares in the clear: what the server can no longer read from the bytes. */
export interface E2eDeclared {
  mimeType: string;
  width?: number;
  height?: number;
}

export interface E2eEnvelope {
  algorithm: typeof E2E_ALGORITHM;
  encryptedKey: string;
  iv: string;
  encryptedData: string;
}

/** WebCrypto exists only in a secure context (https, localhost): on plain http over a LAN it is undefined. */
export const subtleCrypto = (): SubtleCrypto | undefined =>
  globalThis.isSecureContext === false ? undefined : globalThis.crypto?.subtle;

/** The DER bytes of an SPKI PEM ("-----BEGIN PUBLIC KEY-----"). */
export function spkiFromPem(pem: string): Uint8Array<ArrayBuffer> {
  const body = pem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, '');
  return fromBase64(body);
}

export function importRsaOaepKey(pem: string, subtle: SubtleCrypto): Promise<CryptoKey> {
  return subtle.importKey('spki', spkiFromPem(pem), { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['encrypt']);
}

/** Seals `plain` for `publicKey`: each call a fresh AES key and IV, so the same photo never seals the same way twice. */
export async function encryptEnvelope(plain: ArrayBuffer | Uint8Array<ArrayBuffer>, publicKey: CryptoKey, subtle: SubtleCrypto): Promise<E2eEnvelope> {
  const rawKey = globalThis.crypto.getRandomValues(new Uint8Array(32));
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const aesKey = await subtle.importKey('raw', rawKey, { name: 'AES-GCM' }, false, ['encrypt']);
  const [sealed, wrapped] = await Promise.all([
    subtle.encrypt({ name: 'AES-GCM', iv, tagLength: 128 }, aesKey, plain),
    subtle.encrypt({ name: 'RSA-OAEP' }, publicKey, rawKey),
  ]);
  rawKey.fill(0);
  return { algorithm: E2E_ALGORITHM, encryptedKey: toBase64(new Uint8Array(wrapped)), iv: toBase64(iv), encryptedData: toBase64(new Uint8Array(sealed)) };
}

/**
 * The whole sealing of one prepared photo: its bytes encrypted (encryptEnvelope), the declared type and
 * dimensions beside them, as the JSON blob that is kept and sent. The preparation worker runs it where there is
 * one (src/compress/native-worker.ts); the page's main thread only where there is not (src/upload/e2e).
 */
export async function sealPhoto(photo: Blob, publicKey: CryptoKey, declared: E2eDeclared, subtle: SubtleCrypto): Promise<Blob> {
  const envelope = { ...(await encryptEnvelope(await photo.arrayBuffer(), publicKey, subtle)), ...declared };
  return new Blob([JSON.stringify(envelope)], { type: E2E_ENVELOPE_TYPE });
}

/** Standard base64 in slices: String.fromCharCode over a whole 5 MB array would overflow the call stack. */
export function toBase64(bytes: Uint8Array): string {
  const SLICE = 0x8000;
  let binary = '';
  for (let start = 0; start < bytes.length; start += SLICE) binary += String.fromCharCode(...bytes.subarray(start, start + SLICE));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
