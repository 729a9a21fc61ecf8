import { describe, expect, it } from 'vitest';
import { readBytes } from './file-sniff';
import { removeJpegGps, stripGpsFromJpegHead } from './exif-gps-jpeg';
import { buildTiff, concatBytes, containsSequence, latitudeSeconds, readIfd0, text } from '../test/exif-fixture';

const segment = (marker: number, payload: Uint8Array) => {
  const length = payload.length + 2;
  return new Uint8Array([0xff, marker, length >> 8, length & 0xff, ...payload]);
};

const IMAGE_DATA = new Uint8Array([0xff, 0xda, 0x00, 0x08, 1, 2, 3, 4, 5, 6, 0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd9]);

/** A hand-built JPEG: SOI, APP1 EXIF (see buildTiff), maybe XMP, a DQT-like segment, then SOS and "image data". */
function buildJpeg(options: { littleEndian?: boolean; gps?: boolean; xmp?: string; leadingSegmentBytes?: number } = {}): Uint8Array {
  const parts = [new Uint8Array([0xff, 0xd8])];
  if (options.leadingSegmentBytes !== undefined) parts.push(segment(0xe0, new Uint8Array(options.leadingSegmentBytes)));
  parts.push(segment(0xe1, new Uint8Array([...text('Exif\0\0'), ...buildTiff(options.littleEndian ?? false, options.gps ?? true)])));
  if (options.xmp !== undefined) parts.push(segment(0xe1, text(`http://ns.adobe.com/xap/1.0/\0${options.xmp}`)));
  parts.push(segment(0xdb, new Uint8Array(67).fill(7)));
  parts.push(IMAGE_DATA);
  return concatBytes(...parts);
}

async function stripFile(jpeg: Uint8Array) {
  const result = await removeJpegGps(new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }));
  if (result.kind !== 'stripped') throw new Error(`expected GPS to be stripped, got ${result.kind}`);
  return readBytes(result.blob, 0, result.blob.size);
}

describe('removeJpegGps', () => {
  it.each([
    ['big-endian (MM)', false],
    ['little-endian (II)', true],
  ])('%s: GPS gone, orientation kept, image bytes unchanged, same size', async (_label, littleEndian) => {
    const original = buildJpeg({ littleEndian });
    expect(readIfd0(original).has(0x8825)).toBe(true);
    expect(containsSequence(original, latitudeSeconds(littleEndian))).toBe(true);

    const stripped = await stripFile(original);

    const tags = readIfd0(stripped);
    expect(tags.has(0x8825)).toBe(false);
    expect(tags.get(0x0112)).toBe(6);
    expect(tags.get(0x010f)).toBe(80);
    expect(new TextDecoder().decode(stripped.subarray(12 + 80, 12 + 85))).toBe('Phone');
    expect(containsSequence(stripped, latitudeSeconds(littleEndian))).toBe(false);
    expect(stripped.length).toBe(original.length);
    // Everything from the first scan on (the compressed pixels) is byte for byte the original.
    const sos = original.length - IMAGE_DATA.length;
    expect(stripped.subarray(sos)).toEqual(original.subarray(sos));
    // Only the EXIF segment changed.
    const exifEnd = 2 + 4 + 6 + 200;
    expect(stripped.subarray(exifEnd)).toEqual(original.subarray(exifEnd));
  });

  it('says "no-gps" for a JPEG without location, so the original goes up untouched', async () => {
    const result = await removeJpegGps(new Blob([new Uint8Array(buildJpeg({ gps: false }))]));
    expect(result).toEqual({ kind: 'no-gps' });
  });

  it('drops an XMP packet that carries GPS, keeping everything else', async () => {
    const original = buildJpeg({ gps: false, xmp: '<x:xmpmeta><rdf:Description exif:GPSLatitude="45,30.2N"/></x:xmpmeta>' });
    const stripped = await stripFile(original);
    expect(new TextDecoder('latin1').decode(stripped)).not.toContain('GPSLatitude');
    expect(readIfd0(stripped).get(0x0112)).toBe(6);
    expect(stripped.subarray(stripped.length - IMAGE_DATA.length)).toEqual(IMAGE_DATA);
  });

  it('keeps an XMP packet without GPS', async () => {
    const result = await removeJpegGps(new Blob([new Uint8Array(buildJpeg({ gps: false, xmp: '<x:xmpmeta/>' }))]));
    expect(result).toEqual({ kind: 'no-gps' });
  });

  it('reads further when the metadata is longer than the first read', () => {
    const jpeg = buildJpeg({ leadingSegmentBytes: 60_000 });
    expect(stripGpsFromJpegHead(jpeg.subarray(0, 1000), false)).toEqual({ kind: 'need-more' });
    expect(stripGpsFromJpegHead(jpeg, true).kind).toBe('stripped');
  });

  it('refuses to vouch for a file whose segments cannot be walked', async () => {
    expect(await removeJpegGps(new Blob([new Uint8Array([0xff, 0xd8, 0x00, 0x01, 0x02, 0x03])]))).toEqual({ kind: 'unparseable' });
    expect(await removeJpegGps(new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])]))).toEqual({ kind: 'unparseable' });
    // Cut inside the EXIF segment.
    expect(await removeJpegGps(new Blob([new Uint8Array(buildJpeg().subarray(0, 40))]))).toEqual({ kind: 'unparseable' });
  });
});
