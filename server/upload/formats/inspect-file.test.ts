import { describe, expect, it } from 'vitest';
import { makeHeic, makeJpeg, makePng, makeWebp, withJpegSize } from '../../test/fixtures';
import { bufferReader } from './byte-reader';
import { inspectFile } from './inspect-file';

const inspect = (bytes: Buffer) => inspectFile(bufferReader(bytes));
const cut = (bytes: Buffer, keep: number) => bytes.subarray(0, keep);

/** A lossy WebP key-frame header (VP8 chunk): frame tag, start code, 14-bit sizes. Enough for the size parser. */
function lossyWebpHeader(width: number, height: number): Buffer {
  const vp8 = Buffer.alloc(20);
  vp8.set([0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a]);
  vp8.writeUInt16LE(width, 6);
  vp8.writeUInt16LE(height, 8);
  const chunk = Buffer.concat([Buffer.from('VP8 ', 'latin1'), Buffer.from([20, 0, 0, 0]), vp8]);
  const size = Buffer.alloc(4);
  size.writeUInt32LE(4 + chunk.length);
  return Buffer.concat([Buffer.from('RIFF', 'latin1'), size, Buffer.from('WEBP', 'latin1'), chunk]);
}

describe('inspectFile: the type comes from the bytes', () => {
  it.each([
    ['JPEG', makeJpeg(40, 30), 'image/jpeg', 'jpg'],
    ['PNG', makePng(40, 30), 'image/png', 'png'],
    ['lossless WebP', makeWebp(40, 30), 'image/webp', 'webp'],
    ['extended WebP', makeWebp(40, 30, { extended: true }), 'image/webp', 'webp'],
    ['lossy WebP', lossyWebpHeader(40, 30), 'image/webp', 'webp'],
    ['HEIC', makeHeic(40, 30), 'image/heic', 'heic'],
    ['HEIF with the generic mif1 brand', makeHeic(40, 30, { brand: 'mif1' }), 'image/heic', 'heic'],
  ])('reads the size of a %s', async (_name, bytes, mime, extension) => {
    expect(await inspect(bytes)).toEqual({ kind: 'image', format: { mime, extension }, width: 40, height: 30 });
  });

  it('takes the whole picture, not a tile, for a tiled HEIC', async () => {
    expect(await inspect(makeHeic(4032, 3024, { tiles: 8 }))).toMatchObject({ width: 4032, height: 3024 });
  });

  it('reports the size a JPEG declares, however large (the route refuses bombs)', async () => {
    expect(await inspect(withJpegSize(makeJpeg(16, 16), 60_000, 60_000))).toMatchObject({ width: 60_000, height: 60_000 });
  });

  it('accepts data after the end of a JPEG (motion photos append a video)', async () => {
    const motion = Buffer.concat([makeJpeg(20, 20), Buffer.alloc(5000, 1)]);
    expect(await inspect(motion)).toMatchObject({ kind: 'image', width: 20, height: 20 });
  });

  it.each([
    ['PDF', Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n')],
    ['SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>')],
    ['text', Buffer.from('hello, this is not a photo')],
    ['GIF', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1')],
    ['AVIF', makeHeic(10, 10, { brand: 'avif' })],
  ])('refuses %s as unsupported', async (_name, bytes) => {
    expect(await inspect(bytes)).toEqual({ kind: 'unsupported' });
  });

  it('calls a zero-byte file empty', async () => {
    expect(await inspect(Buffer.alloc(0))).toEqual({ kind: 'empty' });
  });
});

describe('inspectFile: cut and broken files', () => {
  const jpegFile = makeJpeg(64, 48);
  const pngFile = makePng(64, 48);
  const webpFile = makeWebp(64, 48);
  const heicFile = makeHeic(64, 48);

  it.each([
    ['JPEG without its end-of-image marker', cut(jpegFile, jpegFile.length - 2)],
    ['JPEG cut inside the compressed data', cut(jpegFile, Math.floor(jpegFile.length * 0.7))],
    ['JPEG cut inside its headers', cut(jpegFile, 30)],
    ['JPEG with only the start marker', cut(jpegFile, 3)],
    ['PNG without IEND', cut(pngFile, pngFile.length - 12)],
    ['PNG cut inside image data', cut(pngFile, pngFile.length - 20)],
    ['PNG with only its signature', cut(pngFile, 8)],
    ['WebP shorter than its RIFF size', cut(webpFile, webpFile.length - 1)],
    ['HEIC cut inside mdat', cut(heicFile, heicFile.length - 10)],
    ['HEIC without its mdat', cut(heicFile, heicFile.length - 264)],
  ])('reports a %s as truncated', async (_name, bytes) => {
    expect(await inspect(bytes)).toMatchObject({ kind: 'truncated' });
  });

  it('reports a JPEG that ends before its first scan as corrupt', async () => {
    expect(await inspect(Buffer.from([0xff, 0xd8, 0xff, 0xd9]))).toMatchObject({ kind: 'corrupt', format: { mime: 'image/jpeg' } });
  });

  it('reports a zero-sized image as corrupt', async () => {
    expect(await inspect(withJpegSize(makeJpeg(8, 8), 0, 8))).toMatchObject({ kind: 'corrupt' });
    expect(await inspect(makeHeic(0, 0))).toMatchObject({ kind: 'corrupt' });
  });

  it('reports a PNG whose first chunk is not IHDR as corrupt', async () => {
    const broken = Buffer.from(pngFile);
    broken.write('IHDX', 12, 'latin1');
    expect(await inspect(broken)).toMatchObject({ kind: 'corrupt' });
  });
});

describe('inspectFile: the JPEG end marker', () => {
  /** A whole JPEG, then data after its end (as motion photos carry), sized so that FF D9 straddles two read windows. */
  function jpegWithEndMarkerAcrossWindows(): Buffer {
    const jpeg = makeJpeg(64, 48, { noise: true });
    const window = 64 * 1024;
    // The last window is [size - window, size): put FF just before it and D9 as its first byte.
    const trailer = Buffer.alloc(window);
    const body = jpeg.subarray(0, jpeg.length - 2);
    return Buffer.concat([body, Buffer.from([0xff, 0xd9]), trailer.subarray(0, window - 1)]);
  }

  it('finds FF D9 split across two read windows (searched from the end)', async () => {
    expect(await inspect(jpegWithEndMarkerAcrossWindows())).toMatchObject({ kind: 'image', width: 64, height: 48 });
  });

  it('still refuses a JPEG cut before its end marker, whatever follows the cut', async () => {
    const jpeg = makeJpeg(64, 48, { noise: true });
    expect(await inspect(cut(jpeg, jpeg.length - 200))).toMatchObject({ kind: 'truncated' });
  });
});
