import { readShownSize } from './image-header';

/**
 * Pixel size of a picture as shown (orientation applied). The header says it in a millisecond
 * (lib/image-header.ts); a whole decode, on the main thread, only when it does not (some 250 ms for a 12 MP
 * photo, seconds for 48 MP). Undefined when neither gives it: a broken file, or a HEIC on a browser without
 * a HEIC decoder whose header we could not read either.
 */
export async function probeDimensions(file: Blob): Promise<{ width: number; height: number } | undefined> {
  return (await readShownSize(file)) ?? (await decodedSize(file));
}

/** The size from a whole decode: the fallback for headers we do not read. */
export async function decodedSize(file: Blob): Promise<{ width: number; height: number } | undefined> {
  return (await bitmapSize(file)) ?? (await imageElementSize(file));
}

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
