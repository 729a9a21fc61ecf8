// @vitest-environment node
import { describe, expect, it } from 'vitest';
import wasmDataUrl from 'libheif-js/libheif-wasm/libheif.wasm?url&inline';
import fixtureDataUrl from '../test/heic/quadrants-640x480.heic?url&inline';
import noIspeDataUrl from '../test/heic/quadrants-640x480-no-ispe.heic?url&inline';
import { DamagedPicture } from './damaged-picture';
import { createHeicDecoder } from './heic-decode';

/** The bytes of a data: URL (Node's fetch reads them). */
const bytesOf = async (url: string) => new Uint8Array(await (await fetch(url)).arrayBuffer());

/** src/test/heic/README.md says how the fixture was made: 640×480, four flat quadrants. */
const FIXTURE = await bytesOf(fixtureDataUrl);

function decoderCountingLoads() {
  let loads = 0;
  const decode = createHeicDecoder(async () => {
    loads += 1;
    return (await bytesOf(wasmDataUrl)).buffer;
  });
  return { decode, loads: () => loads };
}

/** The RGB of the pixel at (x, y). */
const at = (pixels: { width: number; data: Uint8ClampedArray }, x: number, y: number) => [...pixels.data.slice((y * pixels.width + x) * 4, (y * pixels.width + x) * 4 + 3)];

const near = (actual: number[], expected: number[]) => actual.every((value, index) => Math.abs(value - (expected[index] ?? 0)) <= 24);

describe('the HEIC decoder (libheif in WebAssembly)', () => {
  it('decodes the fixture to upright RGBA pixels of its size, the wasm compiled once for several photos', async () => {
    const { decode, loads } = decoderCountingLoads();
    for (let round = 0; round < 2; round += 1) {
      const pixels = await decode(new Blob([FIXTURE]));
      expect({ width: pixels.width, height: pixels.height, bytes: pixels.data.length }).toEqual({ width: 640, height: 480, bytes: 640 * 480 * 4 });
      // Red top left, green top right, blue bottom left, white bottom right (the quadrants of the source PNG).
      expect(near(at(pixels, 160, 120), [208, 16, 16])).toBe(true);
      expect(near(at(pixels, 480, 120), [16, 176, 16])).toBe(true);
      expect(near(at(pixels, 160, 360), [16, 48, 208])).toBe(true);
      expect(near(at(pixels, 480, 360), [240, 240, 240])).toBe(true);
      expect(pixels.data[3]).toBe(255);
    }
    expect(loads()).toBe(1);
  });

  it('decodes a HEIC whose header gives no size (its ispe box renamed): the picture says 640×480, upright', async () => {
    const { decode } = decoderCountingLoads();
    const pixels = await decode(new Blob([await bytesOf(noIspeDataUrl)]));
    expect({ width: pixels.width, height: pixels.height, bytes: pixels.data.length }).toEqual({ width: 640, height: 480, bytes: 640 * 480 * 4 });
    expect(near(at(pixels, 160, 120), [208, 16, 16])).toBe(true);
    expect(near(at(pixels, 480, 360), [240, 240, 240])).toBe(true);
  });

  it('a truncated HEIC (its picture data cut off) and bytes that are no HEIC fail as damaged, and the decoder still works after', async () => {
    const { decode } = decoderCountingLoads();
    for (const broken of [FIXTURE.subarray(0, FIXTURE.length - 600), FIXTURE.subarray(0, 40), new Uint8Array(2048).fill(7)]) {
      await expect(decode(new Blob([broken]))).rejects.toBeInstanceOf(DamagedPicture);
    }
    expect((await decode(new Blob([FIXTURE]))).width).toBe(640);
  });

  it('a wasm that cannot be fetched fails that photo, and the next one loads it again', async () => {
    let attempts = 0;
    const decode = createHeicDecoder(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('offline');
      return (await bytesOf(wasmDataUrl)).buffer;
    });
    await expect(decode(new Blob([FIXTURE]))).rejects.toThrow('offline');
    expect((await decode(new Blob([FIXTURE]))).height).toBe(480);
    expect(attempts).toBe(2);
  });
});
