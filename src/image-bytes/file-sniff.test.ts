import { describe, expect, it } from 'vitest';
import { sniffBytes, sniffFile } from './file-sniff';

const bytes = (...parts: Array<string | number[]>) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...part].map((c) => c.charCodeAt(0)) : part)));

/** An ISO-BMFF `ftyp` box: size, "ftyp", major brand, minor version, compatible brands. */
const ftyp = (major: string, ...compatible: string[]) => {
  const size = 16 + 4 * compatible.length;
  return bytes([0, 0, 0, size], 'ftyp', major, [0, 0, 0, 0], ...compatible);
};

const SAMPLES = {
  jpeg: bytes([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x10], 'Exif'),
  png: bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR'),
  webp: bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '),
  heic: ftyp('heic', 'mif1', 'heic'),
  heif: ftyp('mif1', 'mif1', 'miaf'),
  avif: ftyp('avif', 'mif1', 'miaf'),
  avifMinor: ftyp('mif1', 'avif', 'miaf'),
  gif: bytes('GIF89a', [1, 0, 1, 0]),
  bmp: bytes('BM', new Array<number>(20).fill(0)),
  tiff: bytes([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]),
  pdf: bytes('%PDF-1.7\n'),
  svg: bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'),
  text: bytes('hello, this is not a photo'),
  mp4: ftyp('isom', 'isom', 'mp41'),
};

describe('sniffBytes', () => {
  it.each([
    ['jpeg', 'image/jpeg'],
    ['png', 'image/png'],
    ['webp', 'image/webp'],
    ['heic', 'image/heic'],
    ['heif', 'image/heic'],
    ['avif', 'image/avif'],
    ['avifMinor', 'image/avif'],
    ['gif', 'image/gif'],
    ['bmp', 'image/bmp'],
    ['tiff', 'image/tiff'],
  ] as const)('recognises %s as %s', (sample, type) => {
    expect(sniffBytes(SAMPLES[sample])).toEqual({ kind: 'image', type });
  });

  it.each(['pdf', 'svg', 'text', 'mp4'] as const)('says %s is not an image', (sample) => {
    expect(sniffBytes(SAMPLES[sample])).toEqual({ kind: 'not-image' });
  });

  it('says a cut signature is not an image, and no bytes is empty', () => {
    expect(sniffBytes(bytes([0xff, 0xd8]))).toEqual({ kind: 'not-image' });
    expect(sniffBytes(new Uint8Array())).toEqual({ kind: 'empty' });
  });
});

describe('sniffFile trusts the bytes, never the declared type or the name', () => {
  it.each([
    ['a JPEG with an empty type', SAMPLES.jpeg, 'IMG_0001', '', 'image/jpeg'],
    ['a HEIC named .jpg and typed image/jpeg', SAMPLES.heic, 'IMG_0002.jpg', 'image/jpeg', 'image/heic'],
    ['a PNG typed application/octet-stream', SAMPLES.png, 'screenshot', 'application/octet-stream', 'image/png'],
    ['a WebP typed image/png', SAMPLES.webp, 'photo.png', 'image/png', 'image/webp'],
  ])('%s', async (_label, content, name, declared, type) => {
    expect(await sniffFile(new File([content], name, { type: declared }))).toEqual({ kind: 'image', type });
  });

  it('a PDF named photo.jpg is not an image', async () => {
    expect(await sniffFile(new File([SAMPLES.pdf], 'photo.jpg', { type: 'image/jpeg' }))).toEqual({ kind: 'not-image' });
  });

  it('an empty file is empty', async () => {
    expect(await sniffFile(new File([], 'photo.jpg', { type: 'image/jpeg' }))).toEqual({ kind: 'empty' });
  });

  it('a file the browser can no longer read is unreadable, not a crash', async () => {
    const gone = new File([SAMPLES.jpeg], 'gone.jpg');
    Object.defineProperty(gone, 'slice', {
      value: () => {
        throw new DOMException('The file was moved', 'NotReadableError');
      },
    });
    expect(await sniffFile(gone)).toEqual({ kind: 'unreadable' });
  });
});
