/**
 * A hand-built EXIF TIFF of 200 bytes: IFD0 with Make ("Phone", stored out of line at 80), Orientation 6, and a
 * GPSInfo pointer to a GPS IFD at 100 with latitude N 45° 30' 12.34" (its RATIONALs at 130).
 */
export function buildTiff(littleEndian: boolean, withGps: boolean): Uint8Array {
  const tiff = new Uint8Array(200);
  const view = new DataView(tiff.buffer);
  tiff.set(littleEndian ? [0x49, 0x49] : [0x4d, 0x4d], 0);
  view.setUint16(2, 42, littleEndian);
  view.setUint32(4, 8, littleEndian);
  const entries: Array<[tag: number, type: number, count: number, value: number]> = [
    [0x010f, 2, 6, 80], // Make, ASCII, 6 bytes at offset 80: "Phone\0"
    [0x0112, 3, 1, 6], // Orientation = 6 (rotate 90° CW to display)
  ];
  if (withGps) entries.push([0x8825, 4, 1, 100]); // GPSInfo → GPS IFD at 100
  view.setUint16(8, entries.length, littleEndian);
  entries.forEach(([tag, type, count, value], i) => {
    const at = 10 + i * 12;
    view.setUint16(at, tag, littleEndian);
    view.setUint16(at + 2, type, littleEndian);
    view.setUint32(at + 4, count, littleEndian);
    if (type === 3) view.setUint16(at + 8, value, littleEndian);
    else view.setUint32(at + 8, value, littleEndian);
  });
  view.setUint32(10 + entries.length * 12, 0, littleEndian); // no next IFD
  tiff.set([...'Phone'].map((c) => c.charCodeAt(0)), 80);
  if (withGps) {
    view.setUint16(100, 2, littleEndian);
    // GPSLatitudeRef, ASCII, 2, "N\0" inline
    view.setUint16(102, 0x0001, littleEndian);
    view.setUint16(104, 2, littleEndian);
    view.setUint32(106, 2, littleEndian);
    tiff.set([0x4e, 0x00], 110);
    // GPSLatitude, RATIONAL, 3, at offset 130
    view.setUint16(114, 0x0002, littleEndian);
    view.setUint16(116, 5, littleEndian);
    view.setUint32(118, 3, littleEndian);
    view.setUint32(122, 130, littleEndian);
    view.setUint32(126, 0, littleEndian);
    [45, 1, 30, 1, 1234, 100].forEach((n, k) => view.setUint32(130 + k * 4, n, littleEndian));
  }
  return tiff;
}

/** The parts, one after the other, as one array (the hand-built files of the EXIF/GPS tests). */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export const text = (value: string) => new Uint8Array([...value].map((c) => c.charCodeAt(0)));

/** Reads IFD0 of a TIFF starting at `tiffStart` (a JPEG's first APP1 by default): tag → value (SHORT or LONG). */
export function readIfd0(bytes: Uint8Array, tiffStart = 2 + 4 + 6): Map<number, number> {
  const view = new DataView(bytes.buffer, bytes.byteOffset + tiffStart);
  const little = view.getUint16(0) === 0x4949;
  const ifd0 = view.getUint32(4, little);
  const tags = new Map<number, number>();
  for (let i = 0; i < view.getUint16(ifd0, little); i += 1) {
    const at = ifd0 + 2 + i * 12;
    const type = view.getUint16(at + 2, little);
    tags.set(view.getUint16(at, little), type === 3 ? view.getUint16(at + 8, little) : view.getUint32(at + 8, little));
  }
  return tags;
}

export const containsSequence = (haystack: Uint8Array, needle: readonly number[]) =>
  haystack.some((_, i) => needle.every((byte, k) => haystack[i + k] === byte));

/** 1234 / 100 as a big- or little-endian pair of LONGs: the seconds of the latitude. */
export const latitudeSeconds = (little: boolean) => {
  const bytes = new Uint8Array(8);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 1234, little);
  view.setUint32(4, 100, little);
  return [...bytes];
};
