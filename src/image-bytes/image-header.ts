/**
 * image-bytes/: the page's readers of image bytes, plain functions over Blobs and Uint8Arrays, bounded in cost
 * (PARSE_CAPS in src/lib/limits.ts): the real type (file-sniff.ts), the shown size from the header (this file,
 * image-header-*.ts) and location removal (gps-removal.ts, exif-gps*.ts). compress/ and upload/ use them;
 * they import no feature. Their fixtures are in src/test/.
 */
import { readBytes, sniffBytes } from './file-sniff';
import { isoShownSize } from './image-header-iso';
import { jpegShownSize } from './image-header-jpeg';
import { ascii, type HeaderSize, NEED_MORE, sized, UNKNOWN, viewOf } from './image-header-result';

/**
 * How much of a file is read for its header. JPEG metadata (an EXIF APP1 of up to 64 KB, ICC profiles, XMP)
 * comes before the frame size, so the first read is a prefix that grows when a segment runs past it.
 */
export const HEADER_READ = { firstBytes: 64 * 1024, growth: 4, maxBytes: 1024 * 1024 } as const;

/** The size a picture is shown at, from its header only; undefined when the header does not say (then decode). */
export async function readShownSize(file: Blob): Promise<{ width: number; height: number } | undefined> {
  let length = Math.min(file.size, HEADER_READ.firstBytes);
  try {
    for (;;) {
      const header = headerShownSize(await readBytes(file, 0, length));
      if (header.kind === 'size') return { width: header.width, height: header.height };
      const limit = Math.min(file.size, HEADER_READ.maxBytes);
      if (header.kind === 'unknown' || length >= limit) return undefined;
      length = Math.min(limit, length * HEADER_READ.growth);
    }
  } catch {
    return undefined;
  }
}

/** Pure: the shown size from the first bytes of a JPEG, PNG, WebP, HEIC or AVIF. */
export function headerShownSize(bytes: Uint8Array): HeaderSize {
  const sniffed = sniffBytes(bytes);
  if (sniffed.kind !== 'image') return UNKNOWN;
  switch (sniffed.type) {
    case 'image/jpeg':
      return jpegShownSize(bytes);
    case 'image/png':
      return pngSize(bytes);
    case 'image/webp':
      return webpSize(bytes);
    case 'image/heic':
    case 'image/avif':
      return isoShownSize(bytes);
    case 'image/gif':
    case 'image/bmp':
    case 'image/tiff':
      return UNKNOWN;
  }
}

/** PNG: the IHDR chunk comes first, right after the 8-byte signature. */
function pngSize(bytes: Uint8Array): HeaderSize {
  if (bytes.length < 24) return NEED_MORE;
  if (ascii(bytes, 12, 16) !== 'IHDR') return UNKNOWN;
  const view = viewOf(bytes);
  return sized(view.getUint32(16), view.getUint32(20), false);
}

/**
 * WebP: the first chunk after "RIFF....WEBP" is VP8 (lossy: 14-bit sizes after the start code), VP8L
 * (lossless: 14-bit sizes minus one, bit-packed) or VP8X (extended: 24-bit canvas size minus one).
 */
function webpSize(bytes: Uint8Array): HeaderSize {
  if (bytes.length < 30) return NEED_MORE;
  const view = viewOf(bytes);
  const chunk = ascii(bytes, 12, 16);
  if (chunk === 'VP8 ') {
    if (view.getUint8(23) !== 0x9d || view.getUint8(24) !== 0x01 || view.getUint8(25) !== 0x2a) return UNKNOWN;
    return sized(view.getUint16(26, true) & 0x3fff, view.getUint16(28, true) & 0x3fff, false);
  }
  if (chunk === 'VP8L') {
    if (view.getUint8(20) !== 0x2f) return UNKNOWN;
    const bits = view.getUint32(21, true);
    return sized((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1, false);
  }
  if (chunk === 'VP8X') {
    const uint24 = (at: number) => view.getUint16(at, true) | (view.getUint8(at + 2) << 16);
    return sized(uint24(24) + 1, uint24(27) + 1, false);
  }
  return UNKNOWN;
}
