import jpeg from 'jpeg-js';
import { generatePhoto, rgbaOf, type PhotoOptions } from '../../src/test/quality-photos';
import type { FilePayload } from './test-photos';

/**
 * JPEGs of the quality hint's generated scenes (src/test/quality-photos.ts, the ones its thresholds were chosen
 * on), 1024 × 768: the page measures them at 512 px, so a blur of `blurSigma` here is half that there.
 */
export function qualityJpeg(name: string, options: Omit<PhotoOptions, 'width' | 'height'>): FilePayload {
  const image = generatePhoto({ width: 1024, height: 768, ...options });
  const encoded = jpeg.encode({ data: Buffer.from(rgbaOf(image).buffer), width: image.width, height: image.height }, 90);
  return { name, mimeType: 'image/jpeg', buffer: encoded.data };
}
