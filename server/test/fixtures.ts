import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/**
 * Real image files built in code, so tests never depend on binary files in the repository.
 * JPEG and PNG are encoded by real encoders; WebP is a genuine lossless (VP8L) bitstream written by hand;
 * HEIC is the box structure of a HEIF file (ftyp, meta with ispe, mdat) around placeholder coded data.
 */

export interface PixelOptions {
  /** Deterministic noise instead of a smooth gradient: compresses badly, so files get big. */
  noise?: boolean;
}

function rgba(width: number, height: number, { noise = false }: PixelOptions): Buffer {
  const data = Buffer.alloc(width * height * 4);
  let seed = 0x2545f491;
  for (let i = 0, p = 0; p < width * height; p++, i += 4) {
    const x = p % width;
    const y = Math.floor(p / width);
    if (noise) {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      data.writeUInt32BE(seed >>> 0, i);
    } else {
      data[i] = (x * 255) / Math.max(1, width - 1);
      data[i + 1] = (y * 255) / Math.max(1, height - 1);
      data[i + 2] = 128;
    }
    data[i + 3] = 255;
  }
  return data;
}

export function makeJpeg(width: number, height: number, { quality = 80, ...pixels }: PixelOptions & { quality?: number } = {}): Buffer {
  return jpeg.encode({ data: rgba(width, height, pixels), width, height }, quality).data;
}

export function makePng(width: number, height: number, pixels: PixelOptions = {}): Buffer {
  const png = new PNG({ width, height });
  png.data = rgba(width, height, pixels);
  return PNG.sync.write(png);
}

/** Overwrites the size a JPEG declares in its frame header (to make a "decompression bomb" cheaply). */
export function withJpegSize(file: Buffer, width: number, height: number): Buffer {
  const copy = Buffer.from(file);
  for (let at = 2; at + 9 < copy.length; ) {
    const marker = copy[at + 1] ?? 0;
    if (marker >= 0xc0 && marker <= 0xc3) {
      copy.writeUInt16BE(height, at + 5);
      copy.writeUInt16BE(width, at + 7);
      return copy;
    }
    at += 2 + copy.readUInt16BE(at + 2);
  }
  throw new Error('no frame header found');
}

/** Little-endian bit writer, as the VP8L bitstream wants. */
class BitWriter {
  readonly bytes: number[] = [];
  #bit = 0;
  write(value: number, count: number): this {
    for (let i = 0; i < count; i++) {
      if (this.#bit % 8 === 0) this.bytes.push(0);
      const last = this.bytes.length - 1;
      this.bytes[last] = (this.bytes[last] ?? 0) | (((value >>> i) & 1) << this.#bit % 8);
      this.#bit++;
    }
    return this;
  }
}

function riffChunk(fourcc: string, data: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.write(fourcc, 0, 'latin1');
  header.writeUInt32LE(data.length, 4);
  return Buffer.concat([header, data, Buffer.alloc(data.length % 2)]);
}

/**
 * A valid lossless WebP of one solid colour. Each of the five prefix codes is a "simple code" with a single
 * symbol, which costs zero bits per pixel, so the image data is empty whatever the size.
 * `extended` adds a VP8X header (the layout phones use when there is EXIF or an alpha channel).
 */
export function makeWebp(width: number, height: number, { extended = false }: { extended?: boolean } = {}): Buffer {
  const bits = new BitWriter().write(0x2f, 8).write(width - 1, 14).write(height - 1, 14).write(0, 1).write(0, 3);
  bits.write(0, 1); // no transform
  bits.write(0, 1); // no colour cache
  bits.write(0, 1); // no meta prefix codes
  for (const symbol of [0x80, 0x40, 0x20, 0xff, 0]) {
    // green, red, blue, alpha, distance: simple code, one symbol, written on 8 bits
    bits.write(1, 1).write(0, 1).write(1, 1).write(symbol, 8);
  }
  const chunks = [riffChunk('VP8L', Buffer.from(bits.bytes))];
  if (extended) {
    const vp8x = Buffer.alloc(10);
    vp8x.writeUIntLE(width - 1, 4, 3);
    vp8x.writeUIntLE(height - 1, 7, 3);
    chunks.unshift(riffChunk('VP8X', vp8x));
  }
  const body = Buffer.concat([Buffer.from('WEBP', 'latin1'), ...chunks]);
  const header = Buffer.alloc(8);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(body.length, 4);
  return Buffer.concat([header, body]);
}

function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
}

const fullBoxHeader = () => Buffer.alloc(4);

function u32(...values: number[]): Buffer {
  const bytes = Buffer.alloc(4 * values.length);
  values.forEach((value, i) => bytes.writeUInt32BE(value, 4 * i));
  return bytes;
}

/**
 * The HEIF structure of a HEIC photo: ftyp (brand heic), meta (hdlr pict, pitm, iprp/ipco with one ispe per
 * tile and one for the whole picture) and mdat. The coded data is placeholder bytes: enough for the server,
 * which reads structure and size, not for a decoder.
 */
export function makeHeic(width: number, height: number, { brand = 'heic', tiles = 1 }: { brand?: string; tiles?: number } = {}): Buffer {
  const ftyp = box('ftyp', Buffer.from(`${brand}\0\0\0\0mif1${brand}`, 'latin1'));
  const hdlr = box('hdlr', fullBoxHeader(), u32(0), Buffer.from('pict', 'latin1'), Buffer.alloc(13));
  const pitm = box('pitm', fullBoxHeader(), Buffer.from([0, 1]));
  const tileExtents = Array.from({ length: tiles > 1 ? tiles : 0 }, () =>
    box('ispe', fullBoxHeader(), u32(Math.ceil(width / tiles), height)),
  );
  const ipco = box('ipco', box('ispe', fullBoxHeader(), u32(width, height)), ...tileExtents);
  const meta = box('meta', fullBoxHeader(), hdlr, pitm, box('iprp', ipco));
  const mdat = box('mdat', Buffer.alloc(256, 0x5a));
  return Buffer.concat([ftyp, meta, mdat]);
}
