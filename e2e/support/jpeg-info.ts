/**
 * What the tests need to know about a JPEG the server stored, read from its bytes: the pixel size in the
 * frame header, the EXIF orientation, whether a GPS position is still in it, and the size as it is shown
 * (orientations 5–8 turn the picture a quarter: width and height swap).
 */
export interface JpegInfo {
  width: number;
  height: number;
  /** EXIF orientation 1–8 (1 when there is no tag). */
  orientation: number;
  /** A GPSInfo pointer to a GPS IFD with at least one entry. */
  hasGps: boolean;
  shown: { width: number; height: number };
}

const SOF_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

export function jpegInfo(bytes: Buffer): JpegInfo {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new Error('not a JPEG (no SOI)');
  let orientation = 1;
  let hasGps = false;
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) throw new Error(`JPEG marker expected at ${offset}`);
    const marker = bytes[offset + 1] ?? 0;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    const length = bytes.readUInt16BE(offset + 2);
    const segment = bytes.subarray(offset + 4, offset + 2 + length);
    if (marker === 0xe1 && segment.subarray(0, 6).toString('latin1') === 'Exif\0\0') {
      const exif = readExif(segment.subarray(6));
      orientation = exif.orientation;
      hasGps = exif.hasGps;
    }
    if (SOF_MARKERS.has(marker)) {
      const height = segment.readUInt16BE(1);
      const width = segment.readUInt16BE(3);
      const turned = orientation >= 5 && orientation <= 8;
      return { width, height, orientation, hasGps, shown: turned ? { width: height, height: width } : { width, height } };
    }
    offset += 2 + length;
  }
  throw new Error('no frame header (SOF) in the JPEG');
}

function readExif(tiff: Buffer): { orientation: number; hasGps: boolean } {
  const little = tiff.subarray(0, 2).toString('latin1') === 'II';
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd0 = u32(4);
  let orientation = 1;
  let hasGps = false;
  const entries = u16(ifd0);
  for (let k = 0; k < entries; k++) {
    const entry = ifd0 + 2 + k * 12;
    const tag = u16(entry);
    if (tag === 0x0112) orientation = u16(entry + 8);
    if (tag === 0x8825) {
      const gpsIfd = u32(entry + 8);
      hasGps = gpsIfd !== 0 && gpsIfd + 2 <= tiff.length && u16(gpsIfd) > 0;
    }
  }
  return { orientation, hasGps };
}
