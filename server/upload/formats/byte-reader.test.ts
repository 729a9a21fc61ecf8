import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeJpeg } from '../../test/fixtures';
import { bufferReader, fileReader, readExactly } from './byte-reader';
import { inspectFile } from './inspect-file';

describe('fileReader', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'qrdrop-reader-'));
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  /** A file on disk with `bytes`, read through fileReader while counting the reads that reach the file. */
  async function openCounted(bytes: Buffer) {
    const file = path.join(dir, `f${Math.random().toString(16).slice(2)}`);
    await fs.writeFile(file, bytes);
    const handle = await fs.open(file, 'r');
    const counted = { reads: 0 };
    const reader = fileReader(
      {
        read: ((...args: Parameters<typeof handle.read>) => {
          counted.reads++;
          return handle.read(...args);
        }) as typeof handle.read,
      },
      bytes.length,
    );
    return { reader, counted, close: () => handle.close() };
  }

  it('gives the same bytes as the file holds, for ranges inside, across and past read-ahead windows', async () => {
    const bytes = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 251));
    const { reader, close } = await openCounted(bytes);
    try {
      const ranges: [number, number][] = [[0, 2], [2, 5], [65_530, 20], [131_000, 70_000], [199_990, 50], [200_000, 4], [150, 0], [64, 65_536]];
      for (const [offset, length] of ranges) {
        expect((await reader.read(offset, length)).equals(bytes.subarray(offset, offset + length))).toBe(true);
      }
      expect(await readExactly(reader, 199_998, 4)).toBeUndefined();
    } finally {
      await close();
    }
  });

  it('reads a JPEG’s headers and its end in a couple of file reads, with the same verdict as in memory', async () => {
    const jpeg = makeJpeg(640, 480, { noise: true });
    expect(jpeg.length).toBeGreaterThan(2 * 64 * 1024);
    const { reader, counted, close } = await openCounted(jpeg);
    try {
      const verdict = await inspectFile(reader);
      expect(verdict).toEqual(await inspectFile(bufferReader(jpeg)));
      expect(verdict).toMatchObject({ kind: 'image', width: 640, height: 480 });
      expect(counted.reads).toBeLessThanOrEqual(2);
    } finally {
      await close();
    }
  });
});
