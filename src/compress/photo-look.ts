import { COMPRESSION } from './compress-limits';
import { judgeSmallCopy } from './measure-photo';
import { measureSize, type QualityHint } from './quality';

/**
 * What the page shows of a photo it prepared: the quality hint and a small preview for the photo's row.
 * `quality` undefined: measured, nothing to say.
 */
export interface PhotoLook {
  quality: QualityHint | undefined;
  preview: Blob;
}

/**
 * The look of a photo, from the bitmap its preparation already decoded (native-encode.ts), in the same worker: a
 * second decode of the 12 MP original for the hint, and a third on the page for its thumbnail, cost more than the
 * preparation's own decode at its output size. The hint is measured on the small copy (QUALITY.measureSide) as
 * measure-photo.ts measures it, and the preview is drawn from that copy, not from the bitmap.
 */
export async function lookAt(bitmap: ImageBitmap): Promise<PhotoLook> {
  const copySize = measureSize(bitmap.width, bitmap.height);
  const copy = new OffscreenCanvas(copySize.width, copySize.height);
  const context = copy.getContext('2d', { willReadFrequently: true });
  if (context === null) throw new Error('No 2D context to measure on');
  // Resampled as createImageBitmap's resizeQuality 'medium' does for the hint measured from the file: not the
  // nearest pixels, which would make any photo look sharper than it is.
  context.imageSmoothingQuality = 'medium';
  const quality = judgeSmallCopy(context, bitmap, copySize);
  return { quality, preview: await previewFrom(copy) };
}

/** The thumbnail covers a square: its short side is COMPRESSION.previewSide, never enlarged. */
async function previewFrom(copy: OffscreenCanvas): Promise<Blob> {
  const scale = Math.min(1, COMPRESSION.previewSide / Math.min(copy.width, copy.height));
  const width = Math.max(1, Math.round(copy.width * scale));
  const height = Math.max(1, Math.round(copy.height * scale));
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('No 2D context for the preview');
  context.imageSmoothingQuality = 'medium';
  context.drawImage(copy, 0, 0, width, height);
  try {
    return await canvas.convertToBlob({ type: 'image/jpeg', quality: COMPRESSION.previewQuality });
  } finally {
    canvas.width = 0;
    canvas.height = 0;
  }
}
