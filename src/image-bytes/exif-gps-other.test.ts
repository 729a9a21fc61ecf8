import { describe, expect, it } from 'vitest';
import { readBytes } from './file-sniff';
import { removeGps } from './gps-removal';
import { buildTiff, concatBytes, containsSequence, latitudeSeconds, readIfd0, text } from '../test/exif-fixture';

const concat = concatBytes;

const le32 = (value: number) => new Uint8Array([value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, (value >> 24) & 0xff]);
const be32 = (value: number) => new Uint8Array([(value >> 24) & 0xff, (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff]);

/** A RIFF chunk, padded to an even size. */
const chunk = (type: string, payload: Uint8Array) => concat(text(type), le32(payload.length), payload, new Uint8Array(payload.length % 2));

const FAKE_VP8 = new Uint8Array(41).map((_, i) => (i * 37) % 251);
const XMP_WITH_GPS = text('<x:xmpmeta><rdf:Description exif:GPSLatitude="45,30.2N"/></x:xmpmeta>');

function buildWebp() {
  // VP8X flags: EXIF (0x08) and XMP (0x04) present.
  const vp8x = chunk('VP8X', new Uint8Array([0x0c, 0, 0, 0, 99, 1, 0, 199, 0, 0]));
  const body = concat(text('WEBP'), vp8x, chunk('VP8 ', FAKE_VP8), chunk('EXIF', buildTiff(true, true)), chunk('XMP ', XMP_WITH_GPS));
  return concat(text('RIFF'), le32(body.length), body);
}

/** ftyp, a stand-in meta box, and mdat holding the Exif item (offset, "Exif\0\0", TIFF) then "HEVC data". */
function buildHeic() {
  const ftyp = concat(be32(24), text('ftypheic'), be32(0), text('mif1heic'));
  const meta = concat(be32(16), text('meta'), new Uint8Array(8).fill(3));
  const exifItem = concat(be32(6), text('Exif\0\0'), buildTiff(false, true));
  const hevc = new Uint8Array(300).map((_, i) => (i * 91) % 256);
  const mdat = concat(be32(8 + exifItem.length + hevc.length), text('mdat'), exifItem, hevc);
  return { bytes: concat(ftyp, meta, mdat), tiffStart: ftyp.length + meta.length + 8 + 4 + 6, hevcLength: hevc.length };
}

async function stripped(bytes: Uint8Array, type: 'image/webp' | 'image/heic') {
  const result = await removeGps(new Blob([new Uint8Array(bytes)]), type);
  if (result.kind !== 'stripped') throw new Error(`expected GPS to be stripped, got ${result.kind}`);
  return readBytes(result.blob, 0, result.blob.size);
}

describe('removeGps: WebP', () => {
  it('blanks GPS in the EXIF chunk, drops an XMP chunk with GPS, and keeps the RIFF structure valid', async () => {
    const original = buildWebp();
    const out = await stripped(original, 'image/webp');
    const view = new DataView(out.buffer, out.byteOffset);
    expect(view.getUint32(4, true)).toBe(out.length - 8);
    expect(out.length).toBe(original.length - chunk('XMP ', XMP_WITH_GPS).length);
    expect(out[20]).toBe(0x08); // VP8X flags: XMP flag cleared, EXIF kept
    expect(new TextDecoder('latin1').decode(out)).not.toContain('GPSLatitude');
    const exifAt = new TextDecoder('latin1').decode(out).indexOf('EXIF') + 8;
    const tags = readIfd0(out, exifAt);
    expect(tags.has(0x8825)).toBe(false);
    expect(tags.get(0x0112)).toBe(6);
    expect(containsSequence(out, latitudeSeconds(true))).toBe(false);
    expect(containsSequence(out, [...FAKE_VP8])).toBe(true);
  });

  it('says "no-gps" for a WebP without location', async () => {
    const body = concat(text('WEBP'), chunk('VP8 ', FAKE_VP8), chunk('EXIF', buildTiff(true, false)));
    const result = await removeGps(new Blob([concat(text('RIFF'), le32(body.length), body)]), 'image/webp');
    expect(result).toEqual({ kind: 'no-gps' });
  });

  it('refuses to vouch for a cut RIFF', async () => {
    expect(await removeGps(new Blob([buildWebp().subarray(0, 60)]), 'image/webp')).toEqual({ kind: 'unparseable' });
  });
});

describe('removeGps: HEIC', () => {
  it('blanks GPS in the Exif item in place: same size, orientation kept, HEVC data untouched', async () => {
    const { bytes, tiffStart, hevcLength } = buildHeic();
    expect(containsSequence(bytes, latitudeSeconds(false))).toBe(true);
    const out = await stripped(bytes, 'image/heic');
    expect(out.length).toBe(bytes.length);
    const tags = readIfd0(out, tiffStart);
    expect(tags.has(0x8825)).toBe(false);
    expect(tags.get(0x0112)).toBe(6);
    expect(containsSequence(out, latitudeSeconds(false))).toBe(false);
    expect(out.subarray(0, tiffStart)).toEqual(bytes.subarray(0, tiffStart));
    expect(out.subarray(out.length - hevcLength)).toEqual(bytes.subarray(bytes.length - hevcLength));
  });

  it('says "no-gps" for a HEIC without an Exif block', async () => {
    const { bytes, tiffStart } = buildHeic();
    const withoutExif = bytes.slice();
    withoutExif.fill(0, tiffStart - 6, tiffStart + 200);
    expect(await removeGps(new Blob([withoutExif]), 'image/heic')).toEqual({ kind: 'no-gps' });
  });
});

describe('removeGps: other types', () => {
  it('has nothing to do for PNG', async () => {
    expect(await removeGps(new Blob([new Uint8Array([0x89, 0x50])]), 'image/png')).toEqual({ kind: 'no-gps' });
  });
});
