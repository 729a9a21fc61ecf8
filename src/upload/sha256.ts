import { readBytes } from '../image-bytes/file-sniff';
import { sha256Portable } from './sha256-portable';

const toHex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');

/**
 * Hex SHA-256 of a blob's bytes: the browser's own digest where it has one (secure contexts),
 * the portable one otherwise. Rejects when the bytes cannot be read (a stored copy the browser lost).
 */
export async function sha256Hex(blob: Blob): Promise<string> {
  const bytes = await readBytes(blob, 0, blob.size);
  const subtle = globalThis.crypto?.subtle;
  if (subtle !== undefined) return toHex(new Uint8Array(await subtle.digest('SHA-256', bytes)));
  return toHex(sha256Portable(bytes));
}
