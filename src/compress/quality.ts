import { QUALITY } from './compress-limits';

/** A picture's luminance, one byte a pixel (0 black … 255 white), row by row. */
export interface GrayImage {
  width: number;
  height: number;
  data: ArrayLike<number>;
}

/** What the measure found: the hint shown on the photo's row, or nothing to say. */
export type QualityHint = 'blurry' | 'dark';

export interface QualityMeasure {
  /**
   * 0 (sharp) … 1 (flat): how little the picture's pixel-to-pixel differences drop when it is blurred again
   * (Crete et al., "The blur effect", 2007). A sharp picture loses much of them, a blurred one has little left
   * to lose. A ratio of differences, so it does not depend on the picture's contrast.
   */
  blur: number;
  /** Mean luminance, 0 … 255. */
  meanLuminance: number;
  /** The luminance 95 % of the pixels are at or below: a dark picture has no bright part either. */
  brightLuminance: number;
  /** The share of neighbours (0 … 1) that differ by more than the noise: below QUALITY.minDetail, nothing to judge. */
  detail: number;
}

/** Luminance (Rec. 601) of RGBA pixels as a canvas gives them (ImageData.data). */
export function grayFromRgba(rgba: ArrayLike<number>, width: number, height: number): GrayImage {
  const data = new Uint8Array(width * height);
  for (let pixel = 0, byte = 0; pixel < data.length; pixel += 1, byte += 4) {
    data[pixel] = Math.round(0.299 * (rgba[byte] ?? 0) + 0.587 * (rgba[byte + 1] ?? 0) + 0.114 * (rgba[byte + 2] ?? 0));
  }
  return { width, height, data };
}

/** The size of the small copy the measure is made on: QUALITY.measureSide on the long side, never enlarged. */
export function measureSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, QUALITY.measureSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Blur and darkness of a small grayscale copy (a few passes over its pixels: cheap at QUALITY.measureSide). */
export function measureQuality(image: GrayImage): QualityMeasure {
  const { width, height, data } = image;
  const count = width * height;
  const histogram = new Uint32Array(256);
  let sum = 0;
  for (let index = 0; index < count; index += 1) {
    const value = data[index] ?? 0;
    histogram[value] = (histogram[value] ?? 0) + 1;
    sum += value;
  }
  const floor = noiseFloor(image);
  const horizontal = blurAlong(image, 1, floor);
  const vertical = blurAlong(image, 0, floor);
  const pairs = horizontal.pairs + vertical.pairs;
  return {
    blur: Math.max(horizontal.blur, vertical.blur),
    meanLuminance: count === 0 ? 0 : sum / count,
    brightLuminance: percentile(histogram, count, QUALITY.brightPercentile),
    detail: pairs === 0 ? 0 : (horizontal.edges + vertical.edges) / pairs,
  };
}

/**
 * The hint, if the photo is far below a threshold (QUALITY, chosen in quality.test.ts). Darkness first: in a
 * dark photo the sensor's noise passes for detail, so its blur says little. A picture with almost no detail
 * (a white wall, a sky) is not called blurry: nothing in it could be sharp.
 */
export function judgeQuality(measure: QualityMeasure): QualityHint | undefined {
  if (measure.meanLuminance < QUALITY.darkMean && measure.brightLuminance < QUALITY.darkBright) return 'dark';
  if (measure.detail >= QUALITY.minDetail && measure.blur > QUALITY.blurryAbove) return 'blurry';
  return undefined;
}

/** How far `value` is from its neighbour `step` pixels back along the line, for every pair; read per direction. */
const along = (dx: number, width: number, height: number) =>
  dx === 1 ? { length: width, lines: height, index: (line: number, position: number) => line * width + position } : { length: height, lines: width, index: (line: number, position: number) => position * width + line };

/**
 * The differences that are the sensor's grain, not detail: up to QUALITY.noiseFloorTimes the median neighbour
 * difference (in most photos most neighbours sit in flat parts), and never under QUALITY.minNoiseFloor levels.
 */
function noiseFloor({ width, height, data }: GrayImage): number {
  const histogram = new Uint32Array(256);
  let count = 0;
  for (let y = 0; y < height; y += 1) {
    for (let x = 1; x < width; x += 1) {
      const difference = Math.abs((data[y * width + x] ?? 0) - (data[y * width + x - 1] ?? 0));
      histogram[difference] = (histogram[difference] ?? 0) + 1;
      count += 1;
    }
  }
  return Math.max(QUALITY.minNoiseFloor, QUALITY.noiseFloorTimes * percentile(histogram, count, 0.5));
}

/**
 * Crete's measure in one direction: the sum of neighbour differences (those over the noise floor), and how much
 * of it is left in the same picture blurred by a QUALITY.reblurTaps box along that direction.
 */
function blurAlong(image: GrayImage, dx: number, floor: number): { blur: number; edges: number; pairs: number } {
  const { data } = image;
  const { length, lines, index } = along(dx, image.width, image.height);
  const taps = QUALITY.reblurTaps;
  const half = Math.floor(taps / 2);
  const at = (line: number, position: number) => data[index(line, Math.min(length - 1, Math.max(0, position)))] ?? 0;
  let differences = 0;
  let lost = 0;
  let pairs = 0;
  let edges = 0;
  for (let line = 0; line < lines; line += 1) {
    // Running sum of the box around `position`, edges repeated.
    let box = 0;
    for (let offset = -half; offset <= half; offset += 1) box += at(line, offset);
    let previousBlurred = box / taps;
    let previous = at(line, 0);
    for (let position = 1; position < length; position += 1) {
      box += at(line, position + half) - at(line, position - half - 1);
      const blurred = box / taps;
      const value = at(line, position);
      const original = Math.abs(value - previous);
      // Only pairs over the noise floor count: edges and detail, not the sensor's grain.
      if (original > floor) {
        differences += original;
        lost += Math.max(0, original - Math.abs(blurred - previousBlurred));
        edges += 1;
      }
      pairs += 1;
      previous = value;
      previousBlurred = blurred;
    }
  }
  // No detail along this direction (stripes across it): the other direction judges.
  return { blur: differences === 0 ? 0 : (differences - lost) / differences, edges, pairs };
}

function percentile(histogram: Uint32Array, count: number, fraction: number): number {
  const wanted = Math.ceil(count * fraction);
  let seen = 0;
  for (let value = 0; value < histogram.length; value += 1) {
    seen += histogram[value] ?? 0;
    if (seen >= wanted) return value;
  }
  return 255;
}
