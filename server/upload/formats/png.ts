import { UPLOAD } from '../../limits';
import { ByteWindow, type ByteReader, readExactly } from './byte-reader';
import { corrupt, type Inspection, measured, tooComplex, truncated } from './parser-result';

/** The PNG spec caps chunk lengths at 2^31 - 1. */
const MAX_CHUNK_LENGTH = 0x7fffffff;
/** Chunk = 4-byte length, 4-byte type, data, 4-byte CRC. */
const CHUNK_OVERHEAD = 12;

/**
 * Reads the size from IHDR (which must come first), then walks every chunk header to IEND: a PNG cut in transfer
 * has a chunk running past the end, or no IEND. Image data (IDAT) must be present. More than UPLOAD.maxChunks
 * chunks is too complex (1.66 M empty chunks cost 7.7 s to walk before this cap).
 */
export async function inspectPng(reader: ByteReader): Promise<Inspection> {
  const ihdr = await readExactly(reader, 8, 16);
  if (ihdr === undefined) return truncated;
  if (ihdr.readUInt32BE(0) !== 13 || ihdr.toString('latin1', 4, 8) !== 'IHDR') return corrupt;
  const width = ihdr.readUInt32BE(8);
  const height = ihdr.readUInt32BE(12);

  let sawImageData = false;
  const window = new ByteWindow(reader);
  for (let at = 8, chunks = 0; ; chunks += 1) {
    if (chunks > UPLOAD.maxChunks) return tooComplex;
    const header = window.peek(at, 8) ?? (await window.load(at, 8));
    if (header === undefined) return truncated;
    const length = header.readUInt32BE(0);
    const type = header.toString('latin1', 4, 8);
    if (length > MAX_CHUNK_LENGTH || !/^[A-Za-z]{4}$/.test(type)) return corrupt;
    const next = at + CHUNK_OVERHEAD + length;
    if (next > reader.size) return truncated;
    if (type === 'IDAT') sawImageData = true;
    if (type === 'IEND') return sawImageData ? measured(width, height) : corrupt;
    at = next;
  }
}
