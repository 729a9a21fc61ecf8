import { removeGpsFromTiff } from './exif-gps';
import type { GpsRemoval } from './gps-removal';
import { readBytes } from './file-sniff';

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
  let changed = false;
  for (let at = bytes.indexOf(0x45); at >= 0 && at + 10 <= bytes.length; at = bytes.indexOf(0x45, at + 1)) {
    if (!SIGNATURES.some((signature) => signature.every((byte, i) => bytes[at + i] === byte))) continue;
    if (removeGpsFromTiff(bytes.subarray(at + EXIF_PREFIX_LENGTH))) changed = true;
  }
  return changed ? { kind: 'stripped', blob: new Blob([bytes], { type: 'image/heic' }) } : { kind: 'no-gps' };
}
