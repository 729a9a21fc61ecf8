import { describe, expect, it } from 'vitest';
import { UPLOAD } from '../../limits';
import { makeJpeg } from '../../test/fixtures';
import { heicOfFreeBoxes, jpegOfEmptySegments, jpegOfFillBytes, pngOfEmptyChunks, webpOfEmptyChunks } from '../../test/hostile-shapes';
import { bufferReader, type ByteReader } from './byte-reader';
import { inspectFile } from './inspect-file';

/** Counts the reads a parser makes: the work it does, without measuring time. */
function countingReader(bytes: Buffer): ByteReader & { reads: number } {
  const inner = bufferReader(bytes);
  const counter = { size: inner.size, reads: 0, read: (offset: number, length: number) => ((counter.reads += 1), inner.read(offset, length)) };
  return counter;
}

const MB = 1024 * 1024;

describe('format checks cost a bounded number of steps, whatever the structure (issue 11)', () => {
  it('refuses a HEIC of millions of 8-byte free boxes after the box cap, not after the last box', async () => {
    const reader = countingReader(heicOfFreeBoxes(4 * MB)); // 524 k boxes
    expect(await inspectFile(reader)).toMatchObject({ kind: 'too-complex', format: { mime: 'image/heic' } });
    expect(reader.reads).toBeLessThanOrEqual(UPLOAD.maxBoxesPerList + 4);
  });

  it('skips a run of JPEG fill bytes a window at a time (FF D8 + 4 MB of FF: cut, in under 100 reads)', async () => {
    const reader = countingReader(jpegOfFillBytes(4 * MB));
    expect(await inspectFile(reader)).toMatchObject({ kind: 'truncated', format: { mime: 'image/jpeg' } });
    expect(reader.reads).toBeLessThan(100);
  });

  it('still reads a JPEG whose markers have fill bytes before them', async () => {
    const photo = makeJpeg(40, 30);
    const padded = Buffer.concat([photo.subarray(0, 2), Buffer.alloc(70_000, 0xff), photo.subarray(2)]);
    expect(await inspectFile(bufferReader(padded))).toMatchObject({ kind: 'image', width: 40, height: 30 });
  });

  it('refuses a JPEG of a million empty segments after the segment cap', async () => {
    const reader = countingReader(jpegOfEmptySegments(4 * MB));
    expect(await inspectFile(reader)).toMatchObject({ kind: 'too-complex' });
    expect(reader.reads).toBeLessThanOrEqual(2 * UPLOAD.maxJpegSegments + 4);
  });

  it.each([
    ['PNG', pngOfEmptyChunks(4 * MB)],
    ['WebP', webpOfEmptyChunks(4 * MB)],
  ])('refuses a %s of empty chunks after the chunk cap', async (_format, bytes) => {
    const reader = countingReader(bytes);
    expect(await inspectFile(reader)).toMatchObject({ kind: 'too-complex' });
    expect(reader.reads).toBeLessThanOrEqual(UPLOAD.maxChunks + 8);
  });

  it('stops a walk whose own work runs past the time budget and calls it too complex', async () => {
    // A clock that moves 100 ms each time it is read: time passes while the checks run, not while a read waits.
    let clock = 0;
    const now = () => (clock += 100);
    expect(await inspectFile(bufferReader(pngOfEmptyChunks(1_000_000)), { budgetMs: 1_000, now })).toMatchObject({ kind: 'too-complex' });
    expect(clock).toBeLessThanOrEqual(2_000);
  });

  it('does not count the time reads wait for the disk: slow reads of fill bytes still find the file cut', async () => {
    let clock = 0;
    const fill = bufferReader(jpegOfFillBytes(4 * MB)); // 64 windows of 64 KB
    const slowDisk: ByteReader = { size: fill.size, read: (offset, length) => ((clock += 100), fill.read(offset, length)) };
    expect(await inspectFile(slowDisk, { budgetMs: 1_000, now: () => clock })).toMatchObject({ kind: 'truncated' });
    expect(clock).toBeGreaterThan(5_000);
  });
});
