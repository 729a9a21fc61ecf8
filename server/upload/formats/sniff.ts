import { AVIF_BRANDS, GENERIC_HEIF_BRANDS, HEIC_BRANDS } from '../../../common/heic-brands';
import type { ImageFormat } from './parser-result';

/** How many leading bytes `sniffFormat` needs to decide. */
export const SNIFF_BYTES = 64;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Decides the format from the first bytes only, never from the declared type or the name.
 * Anything that is not JPEG, PNG, WebP or HEIC (SVG, PDF, text, GIF, AVIF...) is `undefined`.
 */
export function sniffFormat(head: Buffer): ImageFormat | undefined {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return { mime: 'image/jpeg', extension: 'jpg' };
  if (head.length >= 8 && head.subarray(0, 8).equals(PNG_SIGNATURE)) return { mime: 'image/png', extension: 'png' };
  if (head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') {
    return { mime: 'image/webp', extension: 'webp' };
  }
  if (isHeic(head)) return { mime: 'image/heic', extension: 'heic' };
  return undefined;
}

function isHeic(head: Buffer): boolean {
  if (head.length < 16 || head.toString('latin1', 4, 8) !== 'ftyp') return false;
  const boxSize = head.readUInt32BE(0);
  if (boxSize < 16 || boxSize % 4 !== 0) return false;
  // Major brand at 8, minor version at 12, compatible brands from 16 to the end of the box (as far as we have it).
  const major = head.toString('latin1', 8, 12);
  if (AVIF_BRANDS.has(major)) return false;
  const brands = [major];
  for (let at = 16; at + 4 <= Math.min(boxSize, head.length); at += 4) brands.push(head.toString('latin1', at, at + 4));
  if (brands.some((brand) => HEIC_BRANDS.has(brand))) return true;
  return brands.some((brand) => GENERIC_HEIF_BRANDS.has(brand)) && !brands.some((brand) => AVIF_BRANDS.has(brand));
}
