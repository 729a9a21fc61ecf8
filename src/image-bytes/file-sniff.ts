/**
 * What a file really is, from its first bytes: phones often give an empty or wrong `file.type`
 * (a HEIC named .jpg, a photo with type ""), and the server decides from the bytes too (API.md).
 */
// ISO-BMFF brands: the server reads the same list (common/heic-brands.ts).
import { AVIF_BRANDS, GENERIC_HEIF_BRANDS, HEIC_BRANDS } from '../../common/heic-brands';

/** Image types the page recognises. The first four are the ones a session may allow. */
export type SniffedImageType =
  | 'image/jpeg'
  | 'image/png'
  | 'image/webp'
  | 'image/heic'
  | 'image/avif'
  | 'image/gif'
  | 'image/bmp'
  | 'image/tiff';

export type SniffResult =
  | { kind: 'image'; type: SniffedImageType }
  /** Zero bytes. */
  | { kind: 'empty' }
  /** Not an image the page knows (PDF, text, video, SVG...). */
  | { kind: 'not-image' }
  /** The browser could not read the file (moved or deleted since it was picked, permission lost). */
  | { kind: 'unreadable' };

/** Enough bytes for every signature below, including an ftyp box with several compatible brands. */
export const SNIFF_BYTES = 64;

const ascii = (bytes: Uint8Array, start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end));

const startsWith = (bytes: Uint8Array, signature: readonly number[]) => signature.every((byte, i) => bytes[i] === byte);

export function sniffBytes(head: Uint8Array): SniffResult {
  if (head.length === 0) return { kind: 'empty' };
  if (startsWith(head, [0xff, 0xd8, 0xff])) return image('image/jpeg');
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return image('image/png');
  if (head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return image('image/webp');
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return image('image/gif');
  if (head.length >= 14 && ascii(head, 0, 2) === 'BM') return image('image/bmp');
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return image('image/tiff');
  const isoType = isoBmffImageType(head);
  if (isoType !== undefined) return image(isoType);
  return { kind: 'not-image' };
}

/** Reads the first bytes of a picked file and sniffs them. Never throws. */
export async function sniffFile(file: Blob): Promise<SniffResult> {
  if (file.size === 0) return { kind: 'empty' };
  try {
    return sniffBytes(await readBytes(file, 0, SNIFF_BYTES));
  } catch {
    return { kind: 'unreadable' };
  }
}

const image = (type: SniffedImageType): SniffResult => ({ kind: 'image', type });

/** HEIC/HEIF and AVIF: an `ftyp` box whose brands say which codec the pictures use. */
function isoBmffImageType(head: Uint8Array): SniffedImageType | undefined {
  if (head.length < 16 || ascii(head, 4, 8) !== 'ftyp') return undefined;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const boxSize = view.getUint32(0);
  if (boxSize < 16) return undefined;
  const brands = [ascii(head, 8, 12)];
  for (let at = 16; at + 4 <= Math.min(boxSize, head.length); at += 4) brands.push(ascii(head, at, at + 4));
  const major = brands[0] ?? '';
  if (AVIF_BRANDS.has(major)) return 'image/avif';
  if (brands.some((brand) => HEIC_BRANDS.has(brand))) return 'image/heic';
  if (brands.some((brand) => AVIF_BRANDS.has(brand))) return 'image/avif';
  if (brands.some((brand) => GENERIC_HEIF_BRANDS.has(brand))) return 'image/heic';
  return undefined;
}

/**
 * Bytes [start, end) of a blob. FileReader rather than Blob.arrayBuffer(): it is in every browser
 * and worker the page supports, and in the test DOM as well.
 */
export function readBytes(blob: Blob, start: number, end: number): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const result = reader.result;
      if (result instanceof ArrayBuffer) resolve(new Uint8Array(result));
      else reject(new Error('FileReader gave no ArrayBuffer'));
    };
    reader.onerror = () => reject(reader.error ?? new Error('FileReader failed'));
    reader.readAsArrayBuffer(blob.slice(start, end));
  });
}
