import { removeGpsFromTiff } from './exif-gps';
import type { GpsRemoval } from './gps-removal-result';
import { readBytes } from './file-sniff';
import { PARSE_CAPS } from '../lib/limits';

const EXIF_PREFIX = 'Exif\0\0';
/** VP8X flags byte: bit 2 says "there is an XMP chunk". */
const VP8X_XMP_FLAG = 0x04;

/**
 * WebP keeps EXIF and XMP in RIFF chunks, usually after the image data. The EXIF chunk loses its GPS block in
 * place (same size); an XMP chunk that mentions GPS is dropped, with the RIFF size and the VP8X flag fixed.
 */
export async function removeWebpGps(file: Blob): Promise<GpsRemoval> {
  const result = stripGpsFromWebpBytes(await readBytes(file, 0, file.size));
  return result.kind === 'stripped' ? { kind: 'stripped', blob: new Blob([result.bytes], { type: 'image/webp' }) } : result;
}

export type WebpGpsResult = { kind: 'stripped'; bytes: Uint8Array<ArrayBuffer> } | { kind: 'no-gps' } | { kind: 'unparseable' };

/** Pure: the WebP's bytes without GPS (cleaned in place, or a copy without the XMP chunk). At most PARSE_CAPS.webpChunks chunks. */
export function stripGpsFromWebpBytes(bytes: Uint8Array<ArrayBuffer>): WebpGpsResult {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12 || ascii(bytes, 0, 4) !== 'RIFF' || ascii(bytes, 8, 12) !== 'WEBP') return { kind: 'unparseable' };
  let changed = false;
  let dropped: { start: number; end: number } | undefined;
  let vp8xFlagsAt: number | undefined;
  for (let at = 12, chunks = 0; at + 8 <= bytes.length; chunks += 1) {
    if (chunks >= PARSE_CAPS.webpChunks) return { kind: 'unparseable' };
    const type = ascii(bytes, at, at + 4);
    const size = view.getUint32(at + 4, true);
    const end = at + 8 + size + (size % 2);
    if (at + 8 + size > bytes.length) return { kind: 'unparseable' };
    const payload = bytes.subarray(at + 8, at + 8 + size);
    if (type === 'VP8X') vp8xFlagsAt = at + 8;
    if (type === 'EXIF') {
      const tiff = ascii(payload, 0, EXIF_PREFIX.length) === EXIF_PREFIX ? payload.subarray(EXIF_PREFIX.length) : payload;
      if (removeGpsFromTiff(tiff)) changed = true;
    }
    if (type === 'XMP ' && /GPS(Latitude|Longitude|Altitude|Coordinates)/.test(ascii(payload, 0, payload.length))) {
      dropped = { start: at, end: Math.min(end, bytes.length) };
    }
    at = end;
  }
  if (dropped === undefined) return changed ? { kind: 'stripped', bytes } : { kind: 'no-gps' };
  const out = new Uint8Array(bytes.length - (dropped.end - dropped.start));
  out.set(bytes.subarray(0, dropped.start), 0);
  out.set(bytes.subarray(dropped.end), dropped.start);
  new DataView(out.buffer).setUint32(4, out.length - 8, true);
  if (vp8xFlagsAt !== undefined && vp8xFlagsAt < dropped.start) out[vp8xFlagsAt] = (out[vp8xFlagsAt] ?? 0) & ~VP8X_XMP_FLAG;
  return { kind: 'stripped', bytes: out };
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < Math.min(end, bytes.length); i += 1) text += String.fromCharCode(bytes[i] ?? 0);
  return text;
}
