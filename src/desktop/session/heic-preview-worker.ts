import { decodeHeic } from '../../image-bytes/heic-decode';

/** Longest side of a HEIC's preview: a tile shows it small, and a 12 MP JPEG would only cost memory. */
const PREVIEW_SIDE = 1024;

/**
 * The desktop view's HEIC previews (heic-preview.ts): a received HEIC in, a JPEG of its picture out, decoded with the
 * phone page's WebAssembly decoder (src/image-bytes/heic-decode.ts) off the page's thread. `null`: it cannot be shown.
 */
self.addEventListener('message', (event: MessageEvent<{ id: number; file: Blob }>) => {
  const { id, file } = event.data;
  preview(file).then(
    (blob) => self.postMessage({ id, blob }),
    () => self.postMessage({ id, blob: null }),
  );
});

async function preview(file: Blob): Promise<Blob> {
  const pixels = await decodeHeic(file);
  const scale = Math.min(1, PREVIEW_SIDE / Math.max(pixels.width, pixels.height));
  const width = Math.max(1, Math.round(pixels.width * scale));
  const height = Math.max(1, Math.round(pixels.height * scale));
  const bitmap = await createImageBitmap(new ImageData(pixels.data, pixels.width, pixels.height), { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' });
  try {
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d');
    if (context === null) throw new Error('No 2D context on OffscreenCanvas');
    context.drawImage(bitmap, 0, 0);
    return await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
  } finally {
    bitmap.close();
  }
}
