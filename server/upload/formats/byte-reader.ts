import type { FileHandle } from 'node:fs/promises';

/**
 * Random access to the bytes of an uploaded file, so the format checks can read a header here and a chunk
 * boundary there without loading a 20 MB photo into memory. Tests use the in-memory version.
 */
export interface ByteReader {
  readonly size: number;
  /** Up to `length` bytes from `offset`: shorter only where the data ends. */
  read(offset: number, length: number): Promise<Buffer>;
}

export function bufferReader(bytes: Buffer): ByteReader {
  return {
    size: bytes.length,
    read: async (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)),
  };
}

/**
 * The least a file read fetches. The format checks ask for 2 to 5 bytes per segment header (a phone JPEG has about
 * fifteen before its first scan, all within the first few KB): one read serves them all instead of one kernel
 * round trip each.
 */
const READ_AHEAD_BYTES = 64 * 1024;

/** The file's bytes, read ahead in windows; the buffers returned share a window, so callers must not write to them. */
export function fileReader(handle: Pick<FileHandle, 'read'>, size: number): ByteReader {
  let window: { offset: number; bytes: Buffer } = { offset: 0, bytes: Buffer.alloc(0) };
  const readFrom = async (offset: number, length: number): Promise<Buffer> => {
    const buffer = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await handle.read(buffer, filled, length - filled, offset + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  };
  return {
    size,
    read: async (offset, length) => {
      const wanted = Math.max(0, Math.min(length, size - offset));
      if (wanted === 0) return Buffer.alloc(0);
      const inWindow = offset >= window.offset && offset + wanted <= window.offset + window.bytes.length;
      if (!inWindow) window = { offset, bytes: await readFrom(offset, Math.min(Math.max(wanted, READ_AHEAD_BYTES), size - offset)) };
      const start = offset - window.offset;
      return window.bytes.subarray(start, start + wanted);
    },
  };
}

/** Reads exactly `length` bytes or returns undefined when the data ends first (a truncated file). */
export async function readExactly(reader: ByteReader, offset: number, length: number): Promise<Buffer | undefined> {
  if (offset < 0 || offset + length > reader.size) return undefined;
  const bytes = await reader.read(offset, length);
  return bytes.length === length ? bytes : undefined;
}

/**
 * A window of the file kept between steps of a walk: a parser stepping through thousands of small headers takes
 * each one from the window without a promise (`peek`), and awaits a read only when a header lies past it (`load`).
 * One await per 64 KB instead of one per 8-byte box or 12-byte chunk.
 */
export class ByteWindow {
  #start = 0;
  #bytes: Buffer = Buffer.alloc(0);
  constructor(private readonly reader: ByteReader) {}

  get size(): number {
    return this.reader.size;
  }

  /** Exactly `length` bytes at `offset` when the window already holds them; undefined otherwise. */
  peek(offset: number, length: number): Buffer | undefined {
    const start = offset - this.#start;
    if (start < 0 || start + length > this.#bytes.length) return undefined;
    return this.#bytes.subarray(start, start + length);
  }

  /** Moves the window to `offset` and returns exactly `length` bytes there, or undefined when the data ends first. */
  async load(offset: number, length: number): Promise<Buffer | undefined> {
    if (offset < 0 || offset + length > this.reader.size) return undefined;
    this.#start = offset;
    this.#bytes = await this.reader.read(offset, Math.max(length, WINDOW_BYTES));
    return this.peek(offset, length);
  }
}

const WINDOW_BYTES = 64 * 1024;
