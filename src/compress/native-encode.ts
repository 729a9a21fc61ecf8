import { COMPRESSION } from './compress-limits';
import type { CompressPlan } from './compress-plan';

/**
 * The browser's own decode → resize → encode, for a worker: createImageBitmap applies the EXIF orientation
 * once ('from-image'), one OffscreenCanvas of the output size, convertToBlob. When the result is over the
 * byte target it tries again: lower quality first (down to a floor), then a smaller size estimated from how
 * far off it was. Never more than COMPRESSION.maxIterations encodes.
 */
export async function encodeNatively(file: Blob, plan: CompressPlan): Promise<Blob> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const longest = Math.max(bitmap.width, bitmap.height);
    let scale = plan.maxSide === undefined ? 1 : Math.min(1, plan.maxSide / longest);
    let quality: number = COMPRESSION.initialQuality;
    let best: Blob | undefined;
    for (let round = 0; round < COMPRESSION.maxIterations; round += 1) {
      const blob = await draw(bitmap, scale, plan.targetType, quality);
      if (best === undefined || blob.size < best.size) best = blob;
      if (blob.size <= plan.maxBytes) return blob;
      const lossy = plan.targetType !== 'image/png';
      if (lossy && quality > COMPRESSION.minNativeQuality) {
        quality = Math.max(COMPRESSION.minNativeQuality, quality - COMPRESSION.nativeQualityStep);
      } else {
        // Bytes grow roughly with the pixel count: shrink both sides by the square root of the excess, a bit more.
        scale *= Math.min(COMPRESSION.nativeMaxScaleStep, Math.sqrt(plan.maxBytes / blob.size) * COMPRESSION.nativeScaleMargin);
      }
    }
    return best ?? draw(bitmap, scale, plan.targetType, quality);
  } finally {
    bitmap.close();
  }
}

async function draw(bitmap: ImageBitmap, scale: number, type: string, quality: number): Promise<Blob> {
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('No 2D context on OffscreenCanvas');
  if (type === 'image/jpeg') {
    // JPEG has no transparency: a transparent PNG goes on white, not black.
    context.fillStyle = '#fff';
    context.fillRect(0, 0, width, height);
  }
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, width, height);
  try {
    return await canvas.convertToBlob({ type, quality });
  } finally {
    // Safari keeps canvas memory until the size is zeroed.
    canvas.width = 0;
    canvas.height = 0;
  }
}
