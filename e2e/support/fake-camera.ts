import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const FAKE_CAMERA = { width: 640, height: 480, frames: 6 } as const;

/**
 * A small Y4M video (640×480 I420, 6 frames) for Chromium's `--use-file-for-fake-video-capture`: a left-to-right
 * luminance ramp (so a shot can be told from a black frame) with a bright square that moves each frame, in neutral
 * chroma, written into the system's temp folder (Chromium loops it). Only in a test worker, which launches the browser
 * that reads it: the runner loads the spec too, and would leave a file nobody removes.
 */
export function writeFakeCameraVideo(port: number): string {
  const { width, height, frames } = FAKE_CAMERA;
  // Per worker: two workers never write the file one of their browsers is reading.
  const file = path.join(os.tmpdir(), `qrdrop-fake-camera-${port}-${process.pid}.y4m`);
  if (process.env.TEST_WORKER_INDEX === undefined) return file;
  const lumaSize = width * height;
  const chromaSize = (width / 2) * (height / 2);
  const parts: Buffer[] = [Buffer.from(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420jpeg\n`)];
  for (let frame = 0; frame < frames; frame += 1) {
    const luma = Buffer.alloc(lumaSize);
    for (let y = 0; y < height; y += 1) {
      for (let x = 0; x < width; x += 1) luma[y * width + x] = 16 + Math.round((x / (width - 1)) * 200);
    }
    const left = 40 + frame * 80;
    for (let y = 180; y < 300; y += 1) luma.fill(235, y * width + left, y * width + left + 120);
    parts.push(Buffer.from('FRAME\n'), luma, Buffer.alloc(chromaSize, 128), Buffer.alloc(chromaSize, 128));
  }
  fs.writeFileSync(file, Buffer.concat(parts));
  return file;
}
