/**
 * Removes the GPS block from an EXIF (TIFF) structure in place, without changing its size, so every other
 * offset in the file stays valid and no pixel is re-encoded. IFD0 loses its GPSInfo (0x8825) entry, and the
 * GPS IFD with its values is overwritten with zeros. Orientation and all other tags are kept.
 */
const TAG_GPS_IFD = 0x8825;
const ENTRY_SIZE = 12;

/** Bytes per value of each TIFF field type (TIFF 6.0 + EXIF; 13 = IFD pointer). */
const TYPE_SIZES: Readonly<Record<number, number>> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4 };

/** Returns true when GPS data was found and removed. Malformed structures are left as they are (false). */
export function removeGpsFromTiff(tiff: Uint8Array): boolean {
  if (tiff.length < 8) return false;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const order = view.getUint16(0);
  if (order !== 0x4949 && order !== 0x4d4d) return false;
  const little = order === 0x4949;
  if (view.getUint16(2, little) !== 42) return false;
  const ifd0 = view.getUint32(4, little);
  if (ifd0 < 8 || ifd0 + 2 > tiff.length) return false;
  const count = view.getUint16(ifd0, little);
  // Entries, then the 4-byte offset of the next IFD.
  const ifdEnd = ifd0 + 2 + count * ENTRY_SIZE + 4;
  if (ifdEnd > tiff.length) return false;
  let entry = -1;
  for (let i = 0; i < count; i += 1) {
    if (view.getUint16(ifd0 + 2 + i * ENTRY_SIZE, little) === TAG_GPS_IFD) entry = ifd0 + 2 + i * ENTRY_SIZE;
  }
  if (entry < 0) return false;
  blankGpsIfd(tiff, view, view.getUint32(entry + 8, little), little, { start: ifd0, end: ifdEnd });
  // Drop the entry: later entries and the next-IFD offset move up 12 bytes; the freed tail becomes zeros.
  tiff.copyWithin(entry, entry + ENTRY_SIZE, ifdEnd);
  tiff.fill(0, ifdEnd - ENTRY_SIZE, ifdEnd);
  view.setUint16(ifd0, count - 1, little);
  return true;
}

interface Range {
  start: number;
  end: number;
}

/** Zeros the GPS IFD and the values it points to, never touching IFD0 (a malformed file may overlap them). */
function blankGpsIfd(tiff: Uint8Array, view: DataView, offset: number, little: boolean, keep: Range): void {
  if (offset < 8 || offset + 2 > tiff.length) return;
  const count = view.getUint16(offset, little);
  const end = Math.min(tiff.length, offset + 2 + count * ENTRY_SIZE + 4);
  for (let i = 0; i < count; i += 1) {
    const entry = offset + 2 + i * ENTRY_SIZE;
    if (entry + ENTRY_SIZE > tiff.length) break;
    const size = (TYPE_SIZES[view.getUint16(entry + 2, little)] ?? 0) * view.getUint32(entry + 4, little);
    // Values of 4 bytes or less sit inside the entry itself; larger ones live at an offset.
    if (size > 4) zero(tiff, { start: view.getUint32(entry + 8, little), end: view.getUint32(entry + 8, little) + size }, keep);
  }
  zero(tiff, { start: offset, end }, keep);
}

function zero(tiff: Uint8Array, range: Range, keep: Range): void {
  if (range.start < 8 || range.end > tiff.length || range.start >= range.end) return;
  if (range.start < keep.end && keep.start < range.end) return;
  tiff.fill(0, range.start, range.end);
}
