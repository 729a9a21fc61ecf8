import { grayFromRgba, judgeQuality, measureQuality, measureSize, type QualityHint } from './quality';

interface Size {
  width: number;
  height: number;
}

/** A 2D canvas to draw the small copy on: OffscreenCanvas in the worker, <canvas> on the page where there is none. */
export type MakeCanvas = (width: number, height: number) => { getContext(type: '2d'): Pick<OffscreenCanvasRenderingContext2D, 'drawImage' | 'getImageData'> | null };

const offscreenOrElement: MakeCanvas = (width, height) => {
  if (typeof OffscreenCanvas === 'function') return new OffscreenCanvas(width, height);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return canvas;
};

/**
 * The quality hint of a picture (quality.ts): decoded straight to its small copy where its shown size is known (the
 * header, `shown`), else decoded whole and drawn small; orientation applied, so the copy is the photo as seen. The
 * same code runs in the preparation worker (native-worker.ts) and, where the browser has no such worker, on the page.
 * Rejects when the browser cannot decode the picture (HEIC in Chromium): the caller then shows no hint.
 */
export async function measurePhoto(file: Blob, shown?: Size, makeCanvas: MakeCanvas = offscreenOrElement): Promise<QualityHint | undefined> {
  const target = shown === undefined ? undefined : measureSize(shown.width, shown.height);
  const resize = target === undefined || shown === undefined ? {} : shown.width >= shown.height ? { resizeWidth: target.width } : { resizeHeight: target.height };
  const bitmap = await createImageBitmap(file, { ...resize, resizeQuality: 'medium', imageOrientation: 'from-image' });
  try {
    const { width, height } = measureSize(bitmap.width, bitmap.height);
    const context = makeCanvas(width, height).getContext('2d');
    if (context === null) throw new Error('No 2D context to measure on');
    return judgeSmallCopy(context, bitmap, { width, height });
  } finally {
    bitmap.close();
  }
}

/** Draws `picture` as the small copy (`size`, from measureSize) on `context` and judges it. */
export function judgeSmallCopy(
  context: Pick<OffscreenCanvasRenderingContext2D, 'drawImage' | 'getImageData'>,
  picture: CanvasImageSource,
  { width, height }: Size,
): QualityHint | undefined {
  context.drawImage(picture, 0, 0, width, height);
  const pixels = context.getImageData(0, 0, width, height).data;
  return judgeQuality(measureQuality(grayFromRgba(pixels, width, height)));
}
