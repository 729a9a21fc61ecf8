import { sniffFile } from './file-sniff';
import { readShownSize } from './image-header';

/**
 * Pixel size of a picture as shown (orientation applied). The header says it in a millisecond
 * (lib/image-header.ts); a whole decode, on the main thread, only when it does not (some 250 ms for a 12 MP
 * photo, seconds for 48 MP). A HEIC whose header gives no size (no `ispe` box) on a browser without a HEIC
 * decoder is decoded with libheif in WebAssembly, in a worker, as its conversion will be. Undefined when nothing gives it:
 * a broken file.
 */
export async function probeDimensions(file: Blob): Promise<{ width: number; height: number } | undefined> {
  return (await readShownSize(file)) ?? (await decodedSize(file)) ?? (await heicDecodedSize(file));
}

/** The size from a whole decode: the fallback for headers we do not read. */
export async function decodedSize(file: Blob): Promise<{ width: number; height: number } | undefined> {
  return (await bitmapSize(file)) ?? (await imageElementSize(file));
}

/**
 * The size of a HEIC's decoded picture, from libheif in a worker of its own (heic-size-worker.ts: 12 MP decode
 * in a second or two, which the page's thread must not wait on), ended once it has answered. Only for a HEIC:
 * other types the browser decodes itself or not at all.
 */
async function heicDecodedSize(file: Blob): Promise<{ width: number; height: number } | undefined> {
  const sniffed = await sniffFile(file);
  if (sniffed.kind !== 'image' || sniffed.type !== 'image/heic' || typeof Worker !== 'function') return undefined;
  const worker = new Worker(new URL('./heic-size-worker.ts', import.meta.url), { type: 'module' });
  try {
    return await new Promise<{ width: number; height: number } | undefined>((resolve) => {
      worker.addEventListener('message', (event: MessageEvent<unknown>) => resolve(sizeOf(event.data)));
      worker.addEventListener('error', () => resolve(undefined));
      worker.postMessage(file);
    });
  } finally {
    worker.terminate();
  }
}

/** The worker's answer, checked: two positive numbers, or nothing. */
const sizeOf = (answer: unknown): { width: number; height: number } | undefined =>
  typeof answer === 'object' && answer !== null && 'width' in answer && 'height' in answer && isSide(answer.width) && isSide(answer.height)
    ? { width: answer.width, height: answer.height }
    : undefined;

const isSide = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value > 0;

/** Decodes once and lets go at once: one decoded photo at most. */
async function bitmapSize(file: Blob): Promise<{ width: number; height: number } | undefined> {
  if (typeof createImageBitmap !== 'function') return undefined;
  try {
    const bitmap = await createImageBitmap(file);
    const size = { width: bitmap.width, height: bitmap.height };
    bitmap.close();
    return size.width > 0 && size.height > 0 ? size : undefined;
  } catch {
    return undefined;
  }
}

/** Safari decodes HEIC in <img> even where createImageBitmap refuses it. */
async function imageElementSize(file: Blob): Promise<{ width: number; height: number } | undefined> {
  if (typeof document === 'undefined') return undefined;
  const url = URL.createObjectURL(file);
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    return image.naturalWidth > 0 && image.naturalHeight > 0 ? { width: image.naturalWidth, height: image.naturalHeight } : undefined;
  } catch {
    return undefined;
  } finally {
    URL.revokeObjectURL(url);
  }
}
