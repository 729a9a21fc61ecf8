import fs from 'node:fs';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/**
 * Deterministic photo-like test images: smooth light gradients, mid-frequency "scene" structure and
 * sensor-like grain, so JPEG sizes behave like a phone camera's rather than like a flat colour.
 * Shared by the browser tests and the benchmarks; cached under .tmp/fixtures because large ones take seconds.
 */
export interface PhotoSpec {
  width: number;
  height: number;
  /** JPEG quality 1–100. */
  quality?: number;
  /** EXIF orientation tag (1–8), written in an APP1 segment. */
  orientation?: number;
  /** Adds a GPS IFD with a position, as phones do. */
  gps?: boolean;
  seed?: number;
  /** Grain amplitude 0–64: more grain, bigger files. */
  grain?: number;
}

const CACHE_DIR = path.resolve('.tmp/fixtures');

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** RGBA pixels of a synthetic scene. */
export function photoPixels(width: number, height: number, seed = 1, grain = 18): Buffer {
  const random = mulberry32(seed);
  const data = Buffer.alloc(width * height * 4);
  const blobs = Array.from({ length: 24 }, () => ({
    x: random() * width,
    y: random() * height,
    r: (0.05 + random() * 0.25) * Math.min(width, height),
    c: [random() * 255, random() * 255, random() * 255] as const,
  }));
  let i = 0;
  for (let y = 0; y < height; y++) {
    const sky = y / height;
    for (let x = 0; x < width; x++) {
      let r = 90 + 120 * sky;
      let g = 120 + 80 * Math.sin((x / width) * Math.PI);
      let b = 200 - 120 * sky;
      for (const blob of blobs) {
        const dx = x - blob.x;
        const dy = y - blob.y;
        const d2 = (dx * dx + dy * dy) / (blob.r * blob.r);
        if (d2 < 1) {
          const w = 1 - d2;
          r += (blob.c[0] - r) * w;
          g += (blob.c[1] - g) * w;
          b += (blob.c[2] - b) * w;
        }
      }
      const texture = 12 * Math.sin(x * 0.07 + Math.sin(y * 0.05) * 3) * Math.cos(y * 0.06);
      const noise = (random() - 0.5) * 2 * grain;
      data[i++] = clamp(r + texture + noise);
      data[i++] = clamp(g + texture + noise);
      data[i++] = clamp(b + texture + noise);
      data[i++] = 255;
    }
  }
  return data;
}

const clamp = (value: number) => Math.max(0, Math.min(255, Math.round(value)));

/** A JPEG with an optional EXIF APP1 (orientation, GPS) right after SOI. */
export function makePhotoJpeg(spec: PhotoSpec): Buffer {
  const pixels = photoPixels(spec.width, spec.height, spec.seed ?? 1, spec.grain ?? 18);
  const encoded = jpeg.encode({ data: pixels, width: spec.width, height: spec.height }, spec.quality ?? 90).data;
  if (spec.orientation === undefined && !spec.gps) return Buffer.from(encoded);
  const app1 = exifSegment(spec.orientation ?? 1, spec.gps ?? false);
  return Buffer.concat([encoded.subarray(0, 2), app1, encoded.subarray(2)]);
}

export function makePhotoPng(width: number, height: number, seed = 1): Buffer {
  const png = new PNG({ width, height });
  photoPixels(width, height, seed, 6).copy(png.data);
  return PNG.sync.write(png);
}

/** Writes (once) and returns the path of a cached fixture. */
export function cachedFixture(name: string, make: () => Buffer): string {
  const file = path.join(CACHE_DIR, name);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, make());
    fs.renameSync(tmp, file);
  }
  return file;
}

/**
 * Minimal big-endian TIFF/EXIF: IFD0 with Orientation (0x0112) and, if asked, a GPSInfo pointer (0x8825)
 * to a GPS IFD holding GPSLatitudeRef/GPSLatitude.
 */
function exifSegment(orientation: number, gps: boolean): Buffer {
  const entries = gps ? 2 : 1;
  const ifd0Size = 2 + entries * 12 + 4;
  const gpsOffset = 8 + ifd0Size;
  const gpsIfdSize = 2 + 2 * 12 + 4;
  const latOffset = gpsOffset + gpsIfdSize;
  const tiff = Buffer.alloc(8 + ifd0Size + (gps ? gpsIfdSize + 24 : 0));
  tiff.write('MM', 0, 'ascii');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  let p = 8;
  tiff.writeUInt16BE(entries, p);
  p += 2;
  tiff.writeUInt16BE(0x0112, p); // Orientation, SHORT, 1
  tiff.writeUInt16BE(3, p + 2);
  tiff.writeUInt32BE(1, p + 4);
  tiff.writeUInt16BE(orientation, p + 8);
  p += 12;
  if (gps) {
    tiff.writeUInt16BE(0x8825, p); // GPSInfo, LONG, 1, offset
    tiff.writeUInt16BE(4, p + 2);
    tiff.writeUInt32BE(1, p + 4);
    tiff.writeUInt32BE(gpsOffset, p + 8);
    p += 12;
  }
  tiff.writeUInt32BE(0, p); // no next IFD
  if (gps) {
    p = gpsOffset;
    tiff.writeUInt16BE(2, p);
    p += 2;
    tiff.writeUInt16BE(0x0001, p); // GPSLatitudeRef, ASCII, 2, "N\0"
    tiff.writeUInt16BE(2, p + 2);
    tiff.writeUInt32BE(2, p + 4);
    tiff.write('N', p + 8, 'ascii');
    p += 12;
    tiff.writeUInt16BE(0x0002, p); // GPSLatitude, RATIONAL, 3
    tiff.writeUInt16BE(5, p + 2);
    tiff.writeUInt32BE(3, p + 4);
    tiff.writeUInt32BE(latOffset, p + 8);
    p += 12;
    tiff.writeUInt32BE(0, p);
    const lat = [45, 1, 30, 1, 1234, 100];
    lat.forEach((value, k) => tiff.writeUInt32BE(value, latOffset + k * 4));
  }
  const header = Buffer.from('Exif\0\0', 'binary');
  const length = 2 + header.length + tiff.length;
  const marker = Buffer.from([0xff, 0xe1, length >> 8, length & 0xff]);
  return Buffer.concat([marker, header, tiff]);
}
