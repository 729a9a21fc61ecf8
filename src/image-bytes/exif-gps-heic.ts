import { removeGpsFromTiff } from './exif-gps';
import type { GpsRemoval } from './gps-removal-result';
import { readBytes } from './file-sniff';
import { PARSE_CAPS } from '../lib/limits';

/** "Exif\0\0" followed by a TIFF header, big- or little-endian: how HEIC Exif items (iPhone's) begin. */
const SIGNATURES = [
  [0x45, 0x78, 0x69, 0x66, 0x00, 0x00, 0x4d, 0x4d, 0x00, 0x2a],
  [0x45, 0x78, 0x69, 0x66, 0x00, 0x00, 0x49, 0x49, 0x2a, 0x00],
] as const;
const EXIF_PREFIX_LENGTH = 6;

/**
 * HEIC stores EXIF as an item whose bytes sit somewhere in the file (`iloc` says where). Rather than walk the
 * boxes, find the Exif block by its 10-byte signature (which HEVC data practically never contains) and remove
 * its GPS block in place: same size, so every box and offset stays valid, and the picture is not re-encoded.
 */
export async function removeHeicGps(file: Blob): Promise<GpsRemoval> {
  const bytes = await readBytes(file, 0, file.size);
  return stripGpsFromHeicBytes(bytes) ? { kind: 'stripped', blob: new Blob([bytes], { type: 'image/heic' }) } : { kind: 'no-gps' };
}

/**
 * Pure: cleans the Exif blocks of a HEIC's bytes in place; true when GPS was removed. At most
 * PARSE_CAPS.heicExifBlocks blocks are cleaned (each may cost a walk of 65 535 IFD entries), and "Exif" is looked
 * for with indexOf of its first byte then a check of the second, so a file of 0x45 bytes stays linear.
 */
export function stripGpsFromHeicBytes(bytes: Uint8Array): boolean {
  let changed = false;
  let blocks = 0;
  for (let at = bytes.indexOf(0x45); at >= 0 && at + 10 <= bytes.length; at = bytes.indexOf(0x45, at + 1)) {
    if (bytes[at + 1] !== 0x78 || !SIGNATURES.some((signature) => signature.every((byte, i) => bytes[at + i] === byte))) continue;
    if (removeGpsFromTiff(bytes.subarray(at + EXIF_PREFIX_LENGTH))) changed = true;
    blocks += 1;
    if (blocks >= PARSE_CAPS.heicExifBlocks) break;
  }
  return changed;
}
