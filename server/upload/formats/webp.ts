import { UPLOAD } from '../../limits';
import { ByteWindow, type ByteReader, readExactly } from './byte-reader';
import { corrupt, type Inspection, measured, tooComplex, truncated } from './parser-result';

/** RIFF header: "RIFF", 32-bit little-endian size of what follows, "WEBP". */
const RIFF_HEADER = 12;
const CHUNK_HEADER = 8;
/** Bytes of the first chunk's data that hold the size: VP8X and "VP8 " need 10, VP8L 5. */
const SIZE_FIELD_BYTES = { VP8X: 10, 'VP8 ': 10, VP8L: 5 } as const;

/**
 * Size from the first chunk: VP8X (extended: canvas size), VP8L (lossless) or "VP8 " (lossy key frame).
 * Every chunk must fit inside the RIFF size, and the RIFF size inside the file: a cut file fails one or the other.
 * More than UPLOAD.maxChunks chunks is too complex.
 */
export async function inspectWebp(reader: ByteReader): Promise<Inspection> {
  const riff = await readExactly(reader, 0, RIFF_HEADER);
  if (riff === undefined) return truncated;
  const end = 8 + riff.readUInt32LE(4);
  if (end > reader.size) return truncated;
  if (end < RIFF_HEADER + CHUNK_HEADER) return corrupt;

  const firstHeader = await readExactly(reader, RIFF_HEADER, CHUNK_HEADER);
  if (firstHeader === undefined) return truncated;
  const fourcc = firstHeader.toString('latin1', 0, 4);
  if (fourcc !== 'VP8X' && fourcc !== 'VP8L' && fourcc !== 'VP8 ') return corrupt;
  if (firstHeader.readUInt32LE(4) < SIZE_FIELD_BYTES[fourcc]) return corrupt;
  const sizeField = await readExactly(reader, RIFF_HEADER + CHUNK_HEADER, SIZE_FIELD_BYTES[fourcc]);
  if (sizeField === undefined) return truncated;
  const size = readSize(fourcc, sizeField);
  if (size === undefined) return corrupt;

  const window = new ByteWindow(reader);
  for (let at = RIFF_HEADER, chunks = 0; at < end; chunks += 1) {
    if (chunks >= UPLOAD.maxChunks) return tooComplex;
    const header = window.peek(at, CHUNK_HEADER) ?? (await window.load(at, CHUNK_HEADER));
    if (header === undefined) return truncated;
    const length = header.readUInt32LE(4);
    at += CHUNK_HEADER + length + (length % 2); // chunks are padded to an even length
    if (at > end + (length % 2)) return truncated;
  }
  return measured(size.width, size.height);
}

function readSize(fourcc: keyof typeof SIZE_FIELD_BYTES, data: Buffer): { width: number; height: number } | undefined {
  if (fourcc === 'VP8X') {
    return { width: data.readUIntLE(4, 3) + 1, height: data.readUIntLE(7, 3) + 1 };
  }
  if (fourcc === 'VP8L') {
    if (data[0] !== 0x2f) return undefined;
    const bits = data.readUInt32LE(1);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  // "VP8 ": a lossy key frame starts with a 3-byte frame tag (bit 0 clear), then the start code 9D 01 2A.
  const keyFrame = ((data[0] ?? 1) & 1) === 0;
  const startCode = data[3] === 0x9d && data[4] === 0x01 && data[5] === 0x2a;
  if (!keyFrame || !startCode) return undefined;
  return { width: data.readUInt16LE(6) & 0x3fff, height: data.readUInt16LE(8) & 0x3fff };
}
