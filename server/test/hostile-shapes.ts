/**
 * The adversarial file shapes of issue 11, built in memory at any size: structures that are valid step by step but
 * made of millions of empty steps, so a parser that pays per step pays millions of times.
 */

const MB = 1024 * 1024;

function box(type: string, payload: Buffer = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + payload.length, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, payload]);
}

/** Fills `total` bytes with copies of `unit` after `head` (the last copy may be cut short). */
function repeated(head: Buffer, unit: Buffer, total: number): Buffer {
  const out = Buffer.alloc(Math.max(total, head.length));
  if (unit.length === 1) out.fill(unit[0] ?? 0);
  head.copy(out, 0);
  if (unit.length === 1) return out;
  for (let at = head.length; at < out.length; at += unit.length) unit.copy(out, at, 0, Math.min(unit.length, out.length - at));
  return out;
}

/** Finding 1: `ftyp heic` then 8-byte `free` boxes (the repro has 2 490 368 of them, 19 MB). */
export function heicOfFreeBoxes(bytes = 19 * MB): Buffer {
  const ftyp = box('ftyp', Buffer.from('heic\0\0\0\0mif1heic', 'latin1'));
  return repeated(ftyp, box('free'), ftyp.length + Math.floor((bytes - ftyp.length) / 8) * 8);
}

/** Finding 2: `FF D8` then nothing but FF fill bytes. */
export function jpegOfFillBytes(bytes = 19 * MB): Buffer {
  return repeated(Buffer.from([0xff, 0xd8]), Buffer.from([0xff]), bytes);
}

/** Finding 2, variant: `FF D8` then empty COM segments (FF FE 00 02), each 4 bytes, never a frame. */
export function jpegOfEmptySegments(bytes = 19 * MB): Buffer {
  return repeated(Buffer.from([0xff, 0xd8]), Buffer.from([0xff, 0xfe, 0x00, 0x02]), 2 + Math.floor((bytes - 2) / 4) * 4);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Finding 2: a PNG signature and IHDR, then empty 12-byte `tEXt` chunks (1.66 M in 19 MB), never IEND. */
export function pngOfEmptyChunks(bytes = 19 * MB): Buffer {
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4, 'latin1');
  ihdr.writeUInt32BE(640, 8);
  ihdr.writeUInt32BE(480, 12);
  ihdr.set([8, 6, 0, 0, 0], 16);
  const empty = Buffer.alloc(12);
  empty.write('tEXt', 4, 'latin1');
  const head = Buffer.concat([PNG_SIGNATURE, ihdr]);
  return repeated(head, empty, head.length + Math.floor((bytes - head.length) / 12) * 12);
}

/** The same against WebP: a VP8X header, then empty 8-byte `JUNK` chunks inside a RIFF size that covers them. */
export function webpOfEmptyChunks(bytes = 19 * MB): Buffer {
  const vp8x = Buffer.alloc(18);
  vp8x.write('VP8X', 0, 'latin1');
  vp8x.writeUInt32LE(10, 4);
  vp8x.writeUIntLE(639, 12, 3);
  vp8x.writeUIntLE(479, 15, 3);
  const riff = Buffer.alloc(12);
  riff.write('RIFF', 0, 'latin1');
  riff.write('WEBP', 8, 'latin1');
  const head = Buffer.concat([riff, vp8x]);
  const empty = Buffer.from('JUNK\0\0\0\0', 'latin1');
  const out = repeated(head, empty, head.length + Math.floor((bytes - head.length) / 8) * 8);
  out.writeUInt32LE(out.length - 8, 4);
  return out;
}

export const HOSTILE_SHAPES = {
  'HEIC of 8-byte free boxes': heicOfFreeBoxes,
  'JPEG of FF fill bytes': jpegOfFillBytes,
  'JPEG of empty COM segments': jpegOfEmptySegments,
  'PNG of empty chunks': pngOfEmptyChunks,
  'WebP of empty chunks': webpOfEmptyChunks,
} as const satisfies Record<string, (bytes?: number) => Buffer>;
