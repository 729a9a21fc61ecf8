import { readBytes } from './file-sniff';
import { removeGpsFromTiff } from './exif-gps';
import type { GpsRemoval } from './gps-removal-result';
import { PARSE_CAPS } from '../lib/limits';

/** JPEG metadata sits before the first scan; this much is read first, more only when a segment needs it. */
const FIRST_READ_BYTES = 256 * 1024;

const SOS = 0xda;
const EOI = 0xd9;
const APP1 = 0xe1;
/** "Exif\0\0" then the TIFF structure. */
const EXIF_HEADER = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00];
const XMP_HEADER = 'http://ns.adobe.com/';

export type JpegHeadResult =
  /** Metadata up to the first scan, without GPS; the file's bytes from `headLength` on are kept as they are. */
  | { kind: 'stripped'; head: Uint8Array; headLength: number }
  | { kind: 'no-gps' }
  /** The metadata goes on past the bytes given. */
  | { kind: 'need-more' }
  /** Not a JPEG whose segments can be walked: the caller must not send it as "GPS removed". */
  | { kind: 'unparseable' };

/**
 * Walks a JPEG's segments up to the first scan (SOS). An EXIF APP1 loses its GPS block (in place, same size);
 * an XMP APP1 that mentions GPS is dropped whole (segments are self-delimited, so nothing else moves).
 * The compressed image data after SOS is never touched.
 */
export function stripGpsFromJpegHead(bytes: Uint8Array, isWholeFile: boolean): JpegHeadResult {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return { kind: 'unparseable' };
  const kept: Uint8Array[] = [bytes.subarray(0, 2)];
  let changed = false;
  let offset = 2;
  for (let segments = 0; ; segments += 1) {
    if (segments > PARSE_CAPS.jpegSegments) return { kind: 'unparseable' };
    if (offset + 4 > bytes.length) return isWholeFile ? { kind: 'unparseable' } : { kind: 'need-more' };
    if (bytes[offset] !== 0xff) return { kind: 'unparseable' };
    const marker = bytes[offset + 1] ?? 0;
    if (marker === 0xff) {
      // Fill bytes before a marker: the whole run is kept as one piece (one view per byte was 19 M views).
      let runEnd = offset + 1;
      while (runEnd < bytes.length && bytes[runEnd] === 0xff) runEnd += 1;
      kept.push(bytes.subarray(offset, runEnd - 1));
      offset = runEnd - 1;
      continue;
    }
    if (marker === SOS || marker === EOI) break;
    const segmentEnd = offset + 2 + (((bytes[offset + 2] ?? 0) << 8) | (bytes[offset + 3] ?? 0));
    if (segmentEnd < offset + 4) return { kind: 'unparseable' };
    if (segmentEnd > bytes.length) return isWholeFile ? { kind: 'unparseable' } : { kind: 'need-more' };
    const segment = bytes.subarray(offset, segmentEnd);
    offset = segmentEnd;
    if (marker === APP1 && hasPrefix(segment, 4, EXIF_HEADER)) {
      const copy = segment.slice();
      if (removeGpsFromTiff(copy.subarray(4 + EXIF_HEADER.length))) changed = true;
      kept.push(copy);
      continue;
    }
    if (marker === APP1 && isXmpWithGps(segment)) {
      changed = true;
      continue;
    }
    kept.push(segment);
  }
  if (!changed) return { kind: 'no-gps' };
  return { kind: 'stripped', head: concat(kept), headLength: offset };
}

/** The same JPEG without location data, or word that it had none. Reads only the metadata part. */
export async function removeJpegGps(file: Blob): Promise<GpsRemoval> {
  let length = Math.min(file.size, FIRST_READ_BYTES);
  for (;;) {
    const result = stripGpsFromJpegHead(await readBytes(file, 0, length), length >= file.size);
    if (result.kind === 'stripped') {
      // A new ArrayBuffer-backed copy: Blob parts must not be views of shared memory.
      return { kind: 'stripped', blob: new Blob([new Uint8Array(result.head), file.slice(result.headLength)], { type: 'image/jpeg' }) };
    }
    if (result.kind !== 'need-more') return result;
    length = Math.min(file.size, length * 4);
  }
}

function hasPrefix(bytes: Uint8Array, at: number, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[at + i] === byte);
}

function isXmpWithGps(segment: Uint8Array): boolean {
  const text = new TextDecoder('latin1').decode(segment.subarray(4));
  return text.startsWith(XMP_HEADER) && /GPS(Latitude|Longitude|Altitude|Coordinates)/.test(text);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
