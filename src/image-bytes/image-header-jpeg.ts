import { type HeaderSize, NEED_MORE, sized, UNKNOWN, viewOf } from './image-header-result';
import { PARSE_CAPS } from '../lib/limits';

const SOS = 0xda;
const EOI = 0xd9;
const APP1 = 0xe1;
/** Start-of-frame markers (baseline, progressive, lossless, arithmetic...): C0–CF except DHT (C4), JPG (C8), DAC (CC). */
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);
/** "Exif\0\0", then a TIFF structure. */
const EXIF_HEADER = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00];
const TAG_ORIENTATION = 0x0112;
const TYPE_SHORT = 3;

/**
 * A JPEG's shown size: walks the segments by their lengths to the frame header (SOFn), noting the EXIF
 * Orientation on the way. Orientations 5–8 turn the picture a quarter, so the shown width is the stored height.
 */
export function jpegShownSize(bytes: Uint8Array): HeaderSize {
  const view = viewOf(bytes);
  let orientation: number | undefined;
  let offset = 2;
  for (let segments = 0; ; segments += 1) {
    if (segments > PARSE_CAPS.jpegSegments) return UNKNOWN; // fill bytes count too: a run of FF is not a photo
    if (offset + 4 > bytes.length) return NEED_MORE;
    if (bytes[offset] !== 0xff) return UNKNOWN;
    const marker = view.getUint8(offset + 1);
    if (marker === 0xff) {
      offset += 1; // fill byte before a marker
      continue;
    }
    if (marker === SOS || marker === EOI) return UNKNOWN;
    // TEM and RSTn stand alone, without a length.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      offset += 2;
      continue;
    }
    const end = offset + 2 + view.getUint16(offset + 2);
    if (end < offset + 4) return UNKNOWN;
    if (SOF.has(marker)) {
      if (offset + 9 > bytes.length) return NEED_MORE;
      return sized(view.getUint16(offset + 7), view.getUint16(offset + 5), (orientation ?? 1) >= 5);
    }
    if (end > bytes.length) return NEED_MORE;
    if (marker === APP1 && orientation === undefined && EXIF_HEADER.every((byte, i) => bytes[offset + 4 + i] === byte)) {
      orientation = tiffOrientation(bytes.subarray(offset + 4 + EXIF_HEADER.length, end));
    }
    offset = end;
  }
}

/** The Orientation tag (1–8) of IFD0 in an EXIF TIFF structure, or undefined. */
export function tiffOrientation(tiff: Uint8Array): number | undefined {
  if (tiff.length < 8) return undefined;
  const view = viewOf(tiff);
  const order = view.getUint16(0);
  if (order !== 0x4949 && order !== 0x4d4d) return undefined;
  const little = order === 0x4949;
  const ifd0 = view.getUint32(4, little);
  if (view.getUint16(2, little) !== 42 || ifd0 < 8 || ifd0 + 2 > tiff.length) return undefined;
  const count = view.getUint16(ifd0, little);
  for (let entry = ifd0 + 2; entry + 12 <= tiff.length && entry < ifd0 + 2 + count * 12; entry += 12) {
    if (view.getUint16(entry, little) !== TAG_ORIENTATION || view.getUint16(entry + 2, little) !== TYPE_SHORT) continue;
    const value = view.getUint16(entry + 8, little);
    return value >= 1 && value <= 8 ? value : undefined;
  }
  return undefined;
}
