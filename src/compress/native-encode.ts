import { COMPRESSION } from './compress-limits';
import type { CompressPlan } from './compress-plan';
import { lookAt, type PhotoLook } from './photo-look';

/** The encoded photo, and its look (photo-look.ts) when it could be made from the same decode. */
export interface Encoded {
  blob: Blob;
  look?: PhotoLook;
}

/**
 * The browser's own decode → resize → encode, for a worker: createImageBitmap applies the EXIF orientation
 * once ('from-image') and, when the picture must shrink, decodes straight to the output size; one
 * OffscreenCanvas of the output size, convertToBlob. When the result is over the byte target it tries again:
 * lower quality first (down to a floor), then a smaller size estimated from how far off it was, drawn from the
 * same bitmap. Never more than COMPRESSION.maxIterations encodes. The quality hint and the row's preview are
 * made from the same bitmap before it is let go.
 */
export async function encodeNatively(file: Blob, plan: CompressPlan): Promise<Encoded> {
  const { bitmap, output } = await decode(file, plan);
  try {
    const blob = await encodeUnder(bitmap, output, plan);
    // Extra: a photo whose look fails here is still sent, and the queue measures it on its own.
    const look = await lookAt(bitmap).catch(() => undefined);
    return look === undefined ? { blob } : { blob, look };
  } finally {
    bitmap.close();
  }
}

async function encodeUnder(bitmap: ImageBitmap, output: Size, plan: CompressPlan): Promise<Blob> {
  let scale = 1;
  let quality: number = COMPRESSION.initialQuality;
  let best: Blob | undefined;
  const encode = () => draw(bitmap, sized(output, scale), plan.targetType, quality);
  for (let round = 0; round < COMPRESSION.maxIterations; round += 1) {
    const blob = await encode();
    if (best === undefined || blob.size < best.size) best = blob;
    if (blob.size <= plan.maxBytes) return blob;
    const lossy = plan.targetType !== 'image/png';
    if (lossy && quality > COMPRESSION.minNativeQuality) {
      // Rounded: 0.8 − 0.1 − 0.1 is 0.6000000000000001, which is still over the floor and would cost one more encode.
      quality = Math.max(COMPRESSION.minNativeQuality, Math.round((quality - COMPRESSION.nativeQualityStep) * 100) / 100);
    } else {
      // Bytes grow roughly with the pixel count: shrink both sides by the square root of the excess, a bit more.
      scale *= Math.min(COMPRESSION.nativeMaxScaleStep, Math.sqrt(plan.maxBytes / blob.size) * COMPRESSION.nativeScaleMargin);
    }
  }
  return best ?? encode();
}

interface Size {
  width: number;
  height: number;
}

const sized = (size: Size, scale: number): Size => ({
  width: Math.max(1, Math.round(size.width * scale)),
  height: Math.max(1, Math.round(size.height * scale)),
});

/**
 * The bitmap to draw from and the first output size. Decoding at the output size spares drawing the whole
 * photo scaled down (a pass of high-quality resampling over 12 or 48 MP). Only the longest side is asked for,
 * so the browser keeps the aspect ratio whatever it makes of the orientation, and may round the other side
 * up by a pixel, which the draw evens out. A bitmap that is not the size expected (a browser that resizes
 * before orienting, a header that disagrees with the decoder) is dropped for a full decode, drawn scaled.
 */
async function decode(file: Blob, plan: CompressPlan): Promise<{ bitmap: ImageBitmap; output: Size }> {
  try {
    return await decodeFrom(file, plan);
  } catch (error) {
    if (file.type !== 'image/heic') throw error;
  }
  // A HEIC this browser cannot decode (Chromium, Firefox): libheif in WebAssembly, fetched the first time it is needed
  // (src/image-bytes/heic-decode.ts). Its pixels are upright already and carry no metadata; from there, the same resize and encode.
  const { decodeHeic } = await import('../image-bytes/heic-decode');
  const pixels = await decodeHeic(file);
  return decodeFrom(new ImageData(pixels.data, pixels.width, pixels.height), plan);
}

async function decodeFrom(file: Blob | ImageData, plan: CompressPlan): Promise<{ bitmap: ImageBitmap; output: Size }> {
  const { width, height } = plan.shown;
  if (plan.maxSide !== undefined && plan.maxSide < Math.max(width, height)) {
    const output = sized(plan.shown, plan.maxSide / Math.max(width, height));
    const side = width >= height ? { resizeWidth: output.width } : { resizeHeight: output.height };
    const bitmap = await createImageBitmap(file, { ...side, resizeQuality: 'high', imageOrientation: 'from-image' });
    if (Math.abs(bitmap.width - output.width) <= 1 && Math.abs(bitmap.height - output.height) <= 1) return { bitmap, output };
    bitmap.close();
  }
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const longest = Math.max(bitmap.width, bitmap.height);
  const scale = plan.maxSide === undefined ? 1 : Math.min(1, plan.maxSide / longest);
  return { bitmap, output: sized(bitmap, scale) };
}

async function draw(bitmap: ImageBitmap, { width, height }: Size, type: string, quality: number): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('No 2D context on OffscreenCanvas');
  if (type === 'image/jpeg') {
    // JPEG has no transparency: a transparent PNG goes on white, not black.
    context.fillStyle = '#fff';
    context.fillRect(0, 0, width, height);
  }
  // A bitmap already at the output size, or a pixel off (the browser's rounding), is copied, not resampled:
  // smoothing would only blur it, and costs a pass over every pixel.
  const resampling = Math.abs(bitmap.width - width) > 1 || Math.abs(bitmap.height - height) > 1;
  context.imageSmoothingEnabled = resampling;
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
