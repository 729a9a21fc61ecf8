import { describe, expect, it } from 'vitest';
import { HEADER_READ, headerShownSize, readShownSize } from './image-header';

const u16 = (value: number) => [value >> 8, value & 0xff];
const u32 = (value: number) => [value >>> 24, (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
const le16 = (value: number) => [value & 0xff, value >> 8];
const le32 = (value: number) => [value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >>> 24];
const text = (value: string) => [...value].map((c) => c.charCodeAt(0));
const bytes = (...parts: number[][]) => new Uint8Array(parts.flat());

/** A JPEG segment: marker, 16-bit length (itself included), payload. */
const segment = (marker: number, payload: number[]) => [0xff, marker, ...u16(payload.length + 2), ...payload];

/** EXIF APP1 whose IFD0 holds an Orientation (SHORT) after `before` other entries, in either byte order. */
function exif(orientation: number, order: 'MM' | 'II' = 'MM', before = 0): number[] {
  const s16 = order === 'MM' ? u16 : le16;
  const s32 = order === 'MM' ? u32 : le32;
  const entry = (tag: number, type: number, value: number[]) => [...s16(tag), ...s16(type), ...s32(1), ...value];
  const others = Array.from({ length: before }, (_, i) => entry(0x010f + i, 2, [0, 0, 0, 0]));
  const tiff = [...text(order), ...s16(42), ...s32(8), ...s16(before + 1), ...others.flat(), ...entry(0x0112, 3, [...s16(orientation), 0, 0]), ...s32(0)];
  return segment(0xe1, [...text('Exif'), 0, 0, ...tiff]);
}

/** Start of frame (baseline or progressive): precision, height, width, three components. */
const sof = (width: number, height: number, marker = 0xc0) => segment(marker, [8, ...u16(height), ...u16(width), 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
const jpeg = (...segments: number[][]) => bytes([0xff, 0xd8], ...segments, [0xff, 0xda, 0, 12]);

const png = (width: number, height: number) => bytes([0x89, ...text('PNG'), 0x0d, 0x0a, 0x1a, 0x0a], u32(13), text('IHDR'), u32(width), u32(height), [8, 2, 0, 0, 0]);

const riff = (chunk: string, data: number[]) => bytes(text('RIFF'), le32(4 + 8 + data.length), text('WEBP'), text(chunk), le32(data.length), data, new Array<number>(16).fill(0));

/** ISO-BMFF box; a full box has version and flags first. */
const box = (type: string, ...content: number[][]) => [...u32(8 + content.flat().length), ...text(type), ...content.flat()];
const fullBox = (type: string, version: number, flags: number, ...content: number[][]) => box(type, [version, 0, 0, flags], ...content);
const ispe = (width: number, height: number) => fullBox('ispe', 0, 0, u32(width), u32(height));

/**
 * A HEIF with a 320 × 240 thumbnail (item 2, property 1) and the primary item 1 (`ispe` property 2, `irot`
 * property 3 when rotated), as iPhones write it: the thumbnail's size comes first.
 */
function heif(brand: string, width: number, height: number, quarterTurns = 0, { mdatFirst = 0 } = {}): Uint8Array {
  const properties = [ispe(320, 240), ispe(width, height), ...(quarterTurns > 0 ? [box('irot', [quarterTurns])] : [])];
  const primary = quarterTurns > 0 ? [2, 0x83] : [0x82];
  const ipma = fullBox('ipma', 0, 0, u32(2), u16(1), [primary.length], primary, u16(2), [1], [0x81]);
  const meta = fullBox('meta', 0, 0, fullBox('hdlr', 0, 0, u32(0), text('pict'), new Array<number>(13).fill(0)), fullBox('pitm', 0, 0, u16(1)), box('iprp', box('ipco', ...properties), ipma));
  const mdat = mdatFirst > 0 ? box('mdat', new Array<number>(mdatFirst).fill(0)) : [];
  return bytes(box('ftyp', text(brand), u32(0), text('mif1'), text(brand)), mdat, meta);
}

describe('headerShownSize: JPEG', () => {
  it('reads the frame size after the EXIF segment; orientations 5–8 swap width and height', () => {
    expect(headerShownSize(jpeg(exif(6), sof(4032, 3024)))).toEqual({ kind: 'size', width: 3024, height: 4032 });
    expect(headerShownSize(jpeg(exif(8, 'II', 3), sof(4032, 3024)))).toEqual({ kind: 'size', width: 3024, height: 4032 });
    expect(headerShownSize(jpeg(exif(3), sof(4032, 3024)))).toEqual({ kind: 'size', width: 4032, height: 3024 });
    expect(headerShownSize(jpeg(sof(800, 600)))).toEqual({ kind: 'size', width: 800, height: 600 });
  });

  it('walks other segments by their lengths, fill bytes included, and reads progressive frames', () => {
    const icc = segment(0xe2, new Array<number>(3000).fill(0xd8));
    const quantTables = segment(0xdb, new Array<number>(130).fill(0xc0));
    expect(headerShownSize(jpeg(segment(0xe0, text('JFIF\0')), exif(5), icc, [0xff], quantTables, sof(1000, 500, 0xc2)))).toEqual({ kind: 'size', width: 500, height: 1000 });
  });

  it('asks for more bytes when a segment runs past them, and gives up on what is not a JPEG header', () => {
    const whole = jpeg(exif(6), segment(0xe2, new Array<number>(2000).fill(0)), sof(4032, 3024));
    expect(headerShownSize(whole.subarray(0, 1000))).toEqual({ kind: 'need-more' });
    expect(headerShownSize(whole.subarray(0, whole.length - 20))).toEqual({ kind: 'need-more' });
    // Scan data before any frame header, a frame of height 0 (size given later, in a DNL segment), a broken marker.
    expect(headerShownSize(jpeg(exif(6)))).toEqual({ kind: 'unknown' });
    expect(headerShownSize(jpeg(sof(640, 0)))).toEqual({ kind: 'unknown' });
    expect(headerShownSize(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0x12, 0x34, 0, 0]))).toEqual({ kind: 'unknown' });
  });

  it('ignores an orientation that is not a valid value', () => {
    expect(headerShownSize(jpeg(exif(9), sof(40, 30)))).toEqual({ kind: 'size', width: 40, height: 30 });
  });
});

describe('headerShownSize: PNG and WebP', () => {
  it('PNG: the IHDR chunk', () => {
    expect(headerShownSize(png(1170, 2532))).toEqual({ kind: 'size', width: 1170, height: 2532 });
    expect(headerShownSize(png(1170, 2532).subarray(0, 20))).toEqual({ kind: 'need-more' });
  });

  it('WebP: lossy (VP8), lossless (VP8L) and extended (VP8X) headers', () => {
    const vp8 = [0x9d, 0x10, 0x00, 0x9d, 0x01, 0x2a, ...le16(4032), ...le16(3024)];
    expect(headerShownSize(riff('VP8 ', vp8))).toEqual({ kind: 'size', width: 4032, height: 3024 });
    // 14 bits of width − 1, then 14 bits of height − 1, little-endian: 400 × 300.
    const packed = 399 | (299 << 14);
    expect(headerShownSize(riff('VP8L', [0x2f, ...le32(packed)]))).toEqual({ kind: 'size', width: 400, height: 300 });
    // Flags, three reserved bytes, then 24-bit canvas width − 1 and height − 1: 8064 × 6048.
    expect(headerShownSize(riff('VP8X', [0x08, 0, 0, 0, 0x7f, 0x1f, 0, 0x9f, 0x17, 0]))).toEqual({ kind: 'size', width: 8064, height: 6048 });
    expect(headerShownSize(riff('VP8 ', [0, 0, 0, 0x12, 0x34, 0x56, 0, 0, 0, 0]))).toEqual({ kind: 'unknown' });
  });
});

describe('headerShownSize: HEIC and AVIF', () => {
  it("takes the primary item's ispe, not the thumbnail's", () => {
    expect(headerShownSize(heif('heic', 4032, 3024))).toEqual({ kind: 'size', width: 4032, height: 3024 });
    expect(headerShownSize(heif('avif', 1920, 1080))).toEqual({ kind: 'size', width: 1920, height: 1080 });
  });

  it('a quarter or three-quarter irot swaps width and height; a half turn does not', () => {
    expect(headerShownSize(heif('heic', 4032, 3024, 1))).toEqual({ kind: 'size', width: 3024, height: 4032 });
    expect(headerShownSize(heif('heic', 4032, 3024, 3))).toEqual({ kind: 'size', width: 3024, height: 4032 });
    expect(headerShownSize(heif('heic', 4032, 3024, 2))).toEqual({ kind: 'size', width: 4032, height: 3024 });
  });

  it('asks for more while the meta box is not all there (or comes after the picture data)', () => {
    const whole = heif('heic', 4032, 3024);
    expect(headerShownSize(whole.subarray(0, whole.length - 10))).toEqual({ kind: 'need-more' });
    expect(headerShownSize(heif('heic', 4032, 3024, 0, { mdatFirst: 5000 }).subarray(0, 3000))).toEqual({ kind: 'need-more' });
  });

  it('a header with only its ftyp box, as in the HEIC the browser tests send, says nothing usable', () => {
    const ftypOnly = bytes(box('ftyp', text('heic'), u32(0), text('mif1'), text('heic')), u32(0), text('free'));
    expect(headerShownSize(ftypOnly)).toEqual({ kind: 'need-more' });
    expect(headerShownSize(bytes(box('ftyp', text('heic'), u32(0), text('mif1')), box('meta', [0, 0, 0, 0])))).toEqual({ kind: 'unknown' });
  });
});

describe('readShownSize', () => {
  const fileOf = (content: Uint8Array) => new Blob([new Uint8Array(content)]);

  it('reads more of the file when metadata before the frame is larger than the first read', async () => {
    // Three 60 KB segments (an EXIF with a thumbnail, an ICC profile, XMP) push the frame header past 64 KB.
    const large = () => segment(0xe2, new Array<number>(60_000).fill(7));
    const photo = jpeg(exif(6), large(), large(), large(), sof(4032, 3024));
    expect(photo.length).toBeGreaterThan(HEADER_READ.firstBytes);
    expect(await readShownSize(fileOf(photo))).toEqual({ width: 3024, height: 4032 });
  });

  it('stops at its cap: a header further in than that is left to a decode', async () => {
    const segments = Array.from({ length: Math.ceil(HEADER_READ.maxBytes / 60_000) }, () => segment(0xe2, new Array<number>(60_000).fill(7)));
    expect(await readShownSize(fileOf(jpeg(...segments, sof(4032, 3024))))).toBeUndefined();
  });

  it('a header cut short by the end of the file, or a file that is not a picture, gives no size', async () => {
    expect(await readShownSize(fileOf(jpeg(exif(6)).subarray(0, 20)))).toBeUndefined();
    expect(await readShownSize(fileOf(bytes(text('%PDF-1.7\n'))))).toBeUndefined();
    expect(await readShownSize(fileOf(png(64, 48)))).toEqual({ width: 64, height: 48 });
  });
});
