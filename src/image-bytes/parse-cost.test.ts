import { describe, expect, it } from 'vitest';
import { stripGpsFromHeicBytes } from './exif-gps-heic';
import { stripGpsFromJpegHead } from './exif-gps-jpeg';
import { stripGpsFromWebpBytes } from './exif-gps-webp';
import { headerShownSize } from './image-header';
import { PARSE_CAPS } from '../lib/limits';
import { buildTiff, text } from '../test/exif-fixture';

/** `head` then `unit` repeated to `total` bytes. */
function repeated(head: readonly number[], unit: readonly number[], total: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(total);
  out.set(head);
  for (let at = head.length; at + unit.length <= total; at += unit.length) out.set(unit, at);
  return out;
}

const MB = 1024 * 1024;
/** FF D8, then 4-byte empty COM segments: valid step by step, never a frame or a scan. */
const jpegOfEmptySegments = () => repeated([0xff, 0xd8], [0xff, 0xfe, 0x00, 0x02], MB);

describe("the page's byte parsers stop after their caps (issue 11)", () => {
  it('gives up on the shown size of a JPEG of empty segments instead of asking for more bytes', () => {
    expect(headerShownSize(jpegOfEmptySegments())).toEqual({ kind: 'unknown' });
  });

  it('gives up on the shown size of a HEIC of empty free boxes instead of asking for more bytes', () => {
    const ftyp = [0, 0, 0, 24, ...text('ftypheic\0\0\0\0mif1heic')];
    expect(headerShownSize(repeated(ftyp, [0, 0, 0, 8, ...text('free')], MB))).toEqual({ kind: 'unknown' });
  });

  it('calls a JPEG of empty segments unparseable for GPS removal at once, before reading the rest of the file', () => {
    expect(stripGpsFromJpegHead(jpegOfEmptySegments(), false)).toEqual({ kind: 'unparseable' });
  });

  it('still strips GPS from a JPEG whose EXIF comes after a long run of fill bytes', () => {
    const exif = [...text('Exif\0\0'), ...buildTiff(false, true)];
    const app1 = [0xff, 0xe1, (exif.length + 2) >> 8, (exif.length + 2) & 0xff, ...exif];
    const bytes = new Uint8Array([0xff, 0xd8, ...new Array<number>(100_000).fill(0xff), ...app1, 0xff, 0xda, 0, 2, 0xff, 0xd9]);
    expect(stripGpsFromJpegHead(bytes, true)).toMatchObject({ kind: 'stripped', headLength: bytes.length - 6 });
  });

  it('calls a WebP of more empty chunks than the cap unparseable', () => {
    const riff = [...text('RIFF'), 0, 0, 0, 0, ...text('WEBP')];
    expect(stripGpsFromWebpBytes(repeated(riff, [...text('JUNK'), 0, 0, 0, 0], 12 + 8 * (PARSE_CAPS.webpChunks + 1)))).toEqual({ kind: 'unparseable' });
  });

  it('cleans at most the capped number of HEIC Exif blocks', () => {
    const block = [...text('Exif\0\0'), ...buildTiff(false, true)];
    const bytes = repeated([], block, block.length * (PARSE_CAPS.heicExifBlocks + 4));
    expect(stripGpsFromHeicBytes(bytes)).toBe(true);
    const last = bytes.subarray(bytes.length - block.length);
    expect(stripGpsFromHeicBytes(last)).toBe(true); // the blocks past the cap were left alone
  });
});
