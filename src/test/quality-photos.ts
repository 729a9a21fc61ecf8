import type { GrayImage } from '../compress/quality';

/**
 * Generated photos for the quality hint's thresholds (src/compress/quality.test.ts) and its browser test: grayscale
 * scenes as the measure sees them, a 12 MP photo's small copy (512 × 384). Each scene is drawn at twice that size and
 * averaged down 2 × 2, so its edges are as soft as a downscaled photo's, never harder; then optional Gaussian blur,
 * exposure and sensor noise. Seeded: the same seed gives the same photo.
 */
export type SceneKind = 'edges' | 'text' | 'texture' | 'gradient';
export const SCENE_KINDS: readonly SceneKind[] = ['edges', 'text', 'texture', 'gradient'];

export interface PhotoOptions {
  kind: SceneKind;
  seed: number;
  width?: number;
  height?: number;
  /** Gaussian blur on the small copy, px (× 7.9 on a 4032 px photo). */
  blurSigma?: number;
  /** Exposure: every value times this (an underexposed photo: 0.1 … 0.25). */
  exposure?: number;
  /** Sensor noise after blur and exposure, standard deviation in levels. */
  noise?: number;
}

/** A small, fast, seeded generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A scene as the small copy sees it, before blur, exposure and noise (draw once, derive each version from it). */
export interface Scene {
  width: number;
  height: number;
  pixels: Float32Array;
  seed: number;
}

export function generateScene(kind: SceneKind, seed: number, width = 512, height = 384): Scene {
  const big = drawScene(kind, width * 2, height * 2, seededRandom(seed));
  return { width, height, pixels: halve(big, width * 2, width, height), seed };
}

/** One photo of `scene`: blurred, exposed and noisy as asked (the noise seeded by the scene). */
export function photoOf(scene: Scene, { blurSigma = 0, exposure = 1, noise = 1 }: Omit<PhotoOptions, 'kind' | 'seed' | 'width' | 'height'> = {}): GrayImage {
  const { width, height } = scene;
  const random = seededRandom(scene.seed ^ 0x5bd1e995);
  const pixels = blurSigma > 0 ? gaussian(scene.pixels, width, height, blurSigma) : scene.pixels;
  const data = new Uint8Array(width * height);
  for (let index = 0; index < data.length; index += 1) {
    const value = (pixels[index] ?? 0) * exposure + normal(random) * noise;
    data[index] = Math.max(0, Math.min(255, Math.round(value)));
  }
  return { width, height, data };
}

export function generatePhoto({ kind, seed, width, height, ...version }: PhotoOptions): GrayImage {
  return photoOf(generateScene(kind, seed, width, height), version);
}

/** RGBA of a gray image (for canvases and encoders). */
export function rgbaOf(image: GrayImage): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(image.width * image.height * 4);
  for (let index = 0; index < image.width * image.height; index += 1) {
    const value = image.data[index] ?? 0;
    rgba.set([value, value, value, 255], index * 4);
  }
  return rgba;
}

function drawScene(kind: SceneKind, width: number, height: number, random: () => number): Float32Array {
  const pixels = new Float32Array(width * height);
  // Contrast varies from a dull, misty scene to a bright, hard one.
  const contrast = 0.35 + random() * 0.65;
  const base = 70 + random() * 110;
  const level = (value: number) => base + (value - base) * contrast;
  const fill = (x0: number, y0: number, x1: number, y1: number, value: number) => {
    for (let y = Math.max(0, Math.floor(y0)); y < Math.min(height, y1); y += 1) {
      for (let x = Math.max(0, Math.floor(x0)); x < Math.min(width, x1); x += 1) pixels[y * width + x] = level(value);
    }
  };
  const disc = (cx: number, cy: number, radius: number, value: number) => {
    for (let y = Math.max(0, Math.floor(cy - radius)); y < Math.min(height, cy + radius); y += 1) {
      for (let x = Math.max(0, Math.floor(cx - radius)); x < Math.min(width, cx + radius); x += 1) {
        if ((x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2) pixels[y * width + x] = level(value);
      }
    }
  };
  const gradient = (angle: number, from: number, to: number) => {
    const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
    const span = Math.abs(cos) * width + Math.abs(sin) * height;
    for (let y = 0; y < height; y += 1) {
      for (let x = 0; x < width; x += 1) {
        const t = ((x - width / 2) * cos + (y - height / 2) * sin) / span + 0.5;
        pixels[y * width + x] = level(from + (to - from) * t);
      }
    }
  };
  switch (kind) {
    case 'edges': {
      // Things on a table: boxes and round objects of every shade.
      fill(0, 0, width, height, 40 + random() * 180);
      const shapes = 8 + Math.floor(random() * 20);
      for (let shape = 0; shape < shapes; shape += 1) {
        const value = 20 + random() * 220;
        const [x, y, size] = [random() * width, random() * height, 20 + random() * width * 0.3];
        if (random() < 0.5) fill(x, y, x + size, y + size * (0.3 + random()), value);
        else disc(x, y, size / 2, value);
      }
      break;
    }
    case 'text': {
      // A page of print: paper, lines of glyph-sized strokes, margins; sometimes a form's boxes.
      const paper = 170 + random() * 70;
      fill(0, 0, width, height, paper);
      const ink = 15 + random() * 70;
      const glyph = 10 + random() * 14;
      const margin = width * (0.05 + random() * 0.1);
      for (let line = margin; line < height - margin; line += glyph * 1.8) {
        let x = margin;
        const end = width - margin - random() * width * 0.3;
        while (x < end) {
          const letters = 2 + Math.floor(random() * 8);
          for (let letter = 0; letter < letters && x < end; letter += 1) {
            const stroke = Math.max(2, glyph * 0.15);
            fill(x, line, x + stroke, line + glyph, ink);
            if (random() < 0.6) fill(x, line + glyph * (random() < 0.5 ? 0 : 0.45), x + glyph * 0.6, line + glyph * 0.45 + stroke, ink);
            if (random() < 0.4) fill(x + glyph * 0.5, line, x + glyph * 0.5 + stroke, line + glyph, ink);
            x += glyph * 0.75;
          }
          x += glyph * 0.6;
        }
      }
      break;
    }
    case 'texture': {
      // Fabric, gravel, foliage: value noise over a few octaves, its finest grain random.
      const octaves = 3 + Math.floor(random() * 3);
      const finest = 2 + random() * 4;
      gradient(random() * Math.PI, 60 + random() * 60, 120 + random() * 80);
      for (let octave = 0; octave < octaves; octave += 1) {
        const cell = finest * 2 ** octave;
        const amplitude = (40 + random() * 40) / (octave + 1);
        addValueNoise(pixels, width, height, cell, amplitude * contrast, random);
      }
      break;
    }
    case 'gradient': {
      // A wall, a sky, a car's bonnet: a smooth gradient with a few objects and lines in it.
      gradient(random() * Math.PI * 2, 30 + random() * 100, 130 + random() * 120);
      const objects = 2 + Math.floor(random() * 5);
      for (let object = 0; object < objects; object += 1) {
        const [x, y, size] = [random() * width, random() * height, 30 + random() * width * 0.2];
        if (random() < 0.5) disc(x, y, size / 2, 20 + random() * 220);
        else fill(x, y, x + size * 2, y + 3 + random() * 8, 20 + random() * 220);
      }
      break;
    }
  }
  return pixels;
}

/** Adds bilinearly interpolated random values on a grid of `cell` px. */
function addValueNoise(pixels: Float32Array, width: number, height: number, cell: number, amplitude: number, random: () => number): void {
  const columns = Math.ceil(width / cell) + 2;
  const rows = Math.ceil(height / cell) + 2;
  const grid = new Float32Array(columns * rows);
  for (let index = 0; index < grid.length; index += 1) grid[index] = (random() - 0.5) * 2 * amplitude;
  for (let y = 0; y < height; y += 1) {
    const row = Math.floor(y / cell);
    const fy = y / cell - row;
    const top = row * columns;
    const bottom = top + columns;
    for (let x = 0; x < width; x += 1) {
      const column = Math.floor(x / cell);
      const fx = x / cell - column;
      const upper = grid[top + column]! * (1 - fx) + grid[top + column + 1]! * fx;
      const lower = grid[bottom + column]! * (1 - fx) + grid[bottom + column + 1]! * fx;
      pixels[y * width + x] = pixels[y * width + x]! + upper * (1 - fy) + lower * fy;
    }
  }
}

function halve(pixels: Float32Array, bigWidth: number, width: number, height: number): Float32Array {
  const small = new Float32Array(width * height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const at = (dx: number, dy: number) => pixels[(y * 2 + dy) * bigWidth + x * 2 + dx] ?? 0;
      small[y * width + x] = (at(0, 0) + at(1, 0) + at(0, 1) + at(1, 1)) / 4;
    }
  }
  return small;
}

/** Separable Gaussian blur, edges repeated. */
function gaussian(pixels: Float32Array, width: number, height: number, sigma: number): Float32Array {
  const radius = Math.ceil(sigma * 3);
  const kernel = Array.from({ length: radius * 2 + 1 }, (_, index) => Math.exp(-((index - radius) ** 2) / (2 * sigma * sigma)));
  const total = kernel.reduce((sum, weight) => sum + weight, 0);
  const pass = (source: Float32Array, horizontal: boolean) => {
    const target = new Float32Array(source.length);
    for (let y = 0; y < height; y += 1) {
      for (let x = 0; x < width; x += 1) {
        let sum = 0;
        for (let tap = -radius; tap <= radius; tap += 1) {
          const sx = horizontal ? Math.min(width - 1, Math.max(0, x + tap)) : x;
          const sy = horizontal ? y : Math.min(height - 1, Math.max(0, y + tap));
          sum += (source[sy * width + sx] ?? 0) * (kernel[tap + radius] ?? 0);
        }
        target[y * width + x] = sum / total;
      }
    }
    return target;
  };
  return pass(pass(pixels, true), false);
}

/** A standard normal sample (Box–Muller). */
function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
