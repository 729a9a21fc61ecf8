import { UPLOAD } from '../../limits';
import { ByteWindow, type ByteReader } from './byte-reader';

/** One ISO-BMFF box (HEIF/HEIC, MP4): [start, end) in the file, payload after the header. */
export interface Box {
  type: string;
  start: number;
  payloadStart: number;
  end: number;
}

export type BoxList = Box[] | 'truncated' | 'corrupt' | 'too-complex';

/**
 * The boxes laid end to end in [from, to). A box that runs past `to` means the data was cut when `to` is the end
 * of the file, and is corrupt inside a parent box (the parent itself fitted). A list longer than
 * UPLOAD.maxBoxesPerList is 'too-complex': a 19 MB file of 8-byte `free` boxes would otherwise keep 2.5 M of them.
 */
export async function listBoxes(reader: ByteReader, from: number, to: number): Promise<BoxList> {
  const boxes: Box[] = [];
  const window = new ByteWindow(reader);
  for (let at = from; at < to; ) {
    const header = window.peek(at, 8) ?? (await window.load(at, 8));
    if (header === undefined) return to === reader.size ? 'truncated' : 'corrupt';
    const size32 = header.readUInt32BE(0);
    const type = header.toString('latin1', 4, 8);
    let headerSize = 8;
    let end = at + size32;
    if (size32 === 0) end = to; // "extends to the end of the enclosing space"
    if (size32 === 1) {
      const large = window.peek(at + 8, 8) ?? (await window.load(at + 8, 8));
      if (large === undefined) return to === reader.size ? 'truncated' : 'corrupt';
      headerSize = 16;
      end = at + Number(large.readBigUInt64BE(0));
    }
    if (end - at < headerSize || !Number.isSafeInteger(end)) return 'corrupt';
    if (end > to) return to === reader.size ? 'truncated' : 'corrupt';
    if (boxes.length >= UPLOAD.maxBoxesPerList) return 'too-complex';
    boxes.push({ type, start: at, payloadStart: at + headerSize, end });
    at = end;
  }
  return boxes;
}
