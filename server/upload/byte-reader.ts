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

export function fileReader(handle: FileHandle, size: number): ByteReader {
  return {
    size,
    read: async (offset, length) => {
      const wanted = Math.max(0, Math.min(length, size - offset));
      const buffer = Buffer.alloc(wanted);
      let filled = 0;
      while (filled < wanted) {
        const { bytesRead } = await handle.read(buffer, filled, wanted - filled, offset + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return buffer.subarray(0, filled);
    },
  };
}

/** Reads exactly `length` bytes or returns undefined when the data ends first (a truncated file). */
export async function readExactly(reader: ByteReader, offset: number, length: number): Promise<Buffer | undefined> {
  if (offset < 0 || offset + length > reader.size) return undefined;
  const bytes = await reader.read(offset, length);
  return bytes.length === length ? bytes : undefined;
}
