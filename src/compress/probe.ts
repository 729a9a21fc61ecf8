/** Pixel size of a picture as the browser shows it (orientation applied), or undefined when it cannot decode it. */
export async function probeDimensions(file: Blob): Promise<{ width: number; height: number } | undefined> {
  return (await bitmapSize(file)) ?? (await imageElementSize(file));
}

/** Decodes once and lets go at once: files are probed one at a time, so one decoded photo at most. */
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
