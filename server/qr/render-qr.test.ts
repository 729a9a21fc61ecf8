import { decode as decodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { create } from 'qrcode';
import { describe, expect, it } from 'vitest';
import { rasterLayout } from './layout';
import { QrOptionError } from './qr-options';
import { renderQr } from './render-qr';

const TEXT = 'http://qrdrop.test/u/3f0c2a4e-8b1d-4c6e-9f7a-2b5d8e1c0a93';
/** The reference: the modules as the qrcode package computes them, independently of our drawing. */
const reference = create(TEXT, { errorCorrectionLevel: 'M' }).modules;
const isDark = (row: number, col: number) => reference.get(row, col) === 1;

interface Pixels {
  width: number;
  height: number;
  data: Uint8Array;
}

const pixelAt = (image: Pixels, x: number, y: number) => {
  const i = (y * image.width + x) * 4;
  return [image.data[i], image.data[i + 1], image.data[i + 2], image.data[i + 3]];
};
const luminance = (image: Pixels, x: number, y: number) => {
  const [r = 0, g = 0, b = 0] = pixelAt(image, x, y);
  return (r + g + b) / 3;
};

/** Reads the modules back from the image by sampling the centre of each module. */
function readModules(image: Pixels, border: number): boolean[][] {
  const { scale, offset } = rasterLayout(reference.size, border, image.width);
  return Array.from({ length: reference.size }, (_, row) =>
    Array.from({ length: reference.size }, (_, col) => {
      const x = offset + (col + border) * scale + Math.floor(scale / 2);
      const y = offset + (row + border) * scale + Math.floor(scale / 2);
      return luminance(image, x, y) < 128;
    }),
  );
}

const expectedModules = () =>
  Array.from({ length: reference.size }, (_, row) => Array.from({ length: reference.size }, (_, col) => isDark(row, col)));

describe('renderQr', () => {
  it.each(['square', 'rounded'] as const)('draws a %s PNG of the requested size whose modules read back as the code', (style) => {
    const rendered = renderQr(TEXT, { format: 'png', size: 300, style });
    expect(rendered.contentType).toBe('image/png');
    expect(rendered.body.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const png = PNG.sync.read(rendered.body);
    expect([png.width, png.height]).toEqual([300, 300]);
    expect(readModules(png, 4)).toEqual(expectedModules());
    // The corners of the image are quiet zone, in the background colour.
    expect(pixelAt(png, 0, 0)).toEqual([255, 255, 255, 255]);
    expect(pixelAt(png, 299, 299)).toEqual([255, 255, 255, 255]);
  });

  it('rounds the corners of a lone dark module in the rounded style only', () => {
    const size = reference.size;
    let lone: [number, number] | undefined;
    for (let row = 1; row < size - 1 && lone === undefined; row++) {
      for (let col = 1; col < size - 1; col++) {
        if (isDark(row, col) && !isDark(row - 1, col) && !isDark(row + 1, col) && !isDark(row, col - 1) && !isDark(row, col + 1)) {
          lone = [row, col];
          break;
        }
      }
    }
    if (lone === undefined) throw new Error('the test code has no lone module');
    const [row, col] = lone;
    const cornerOf = (style: 'square' | 'rounded') => {
      const png = PNG.sync.read(renderQr(TEXT, { format: 'png', size: 1000, style }).body);
      const { scale, offset } = rasterLayout(size, 4, 1000);
      return luminance(png, offset + (col + 4) * scale, offset + (row + 4) * scale);
    };
    expect(cornerOf('square')).toBe(0);
    expect(cornerOf('rounded')).toBe(255);
  });

  it('applies the colours, the quiet zone size and its colour', () => {
    const png = PNG.sync.read(
      renderQr(TEXT, { format: 'png', size: 400, fg: '00f', bg: 'ffff00', borderSize: 2, borderColor: 'ff000080' }).body,
    );
    const { scale, offset } = rasterLayout(reference.size, 2, 400);
    expect(pixelAt(png, 0, 0)).toEqual([255, 0, 0, 128]);
    // Module (0, 0) is the corner of a finder pattern: always dark.
    const inside = offset + 2 * scale + 1;
    expect(pixelAt(png, inside, inside)).toEqual([0, 0, 255, 255]);
    // Row 1 of a finder pattern is light from column 1 to 5.
    expect(pixelAt(png, offset + 3 * scale + 1, offset + 3 * scale + 1)).toEqual([255, 255, 0, 255]);
  });

  it('draws a JPEG of the requested size that reads back as the code', () => {
    const rendered = renderQr(TEXT, { format: 'jpeg', size: 256 });
    expect(rendered.contentType).toBe('image/jpeg');
    expect(rendered.body.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    const jpeg = decodeJpeg(rendered.body, { useTArray: true });
    expect([jpeg.width, jpeg.height]).toEqual([256, 256]);
    expect(readModules(jpeg, 4)).toEqual(expectedModules());
  });

  it('draws an SVG whose path holds exactly the dark modules', () => {
    const rendered = renderQr(TEXT, { format: 'svg', size: 200, borderSize: 3 });
    expect(rendered.contentType).toBe('image/svg+xml; charset=utf-8');
    const svg = rendered.body.toString('utf8');
    expect(svg).toMatch(/<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="200" height="200" viewBox="0 0 (\d+) \1"/);
    expect(svg).toContain(`viewBox="0 0 ${reference.size + 6} ${reference.size + 6}"`);
    expectWellFormed(svg);
    const d = /<path d="([^"]*)"/.exec(svg)?.[1] ?? '';
    const drawn = new Set<string>();
    for (const [, x, y, width] of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
      for (let i = 0; i < Number(width); i++) drawn.add(`${Number(y) - 3},${Number(x) - 3 + i}`);
    }
    const dark = new Set<string>();
    for (let row = 0; row < reference.size; row++) for (let col = 0; col < reference.size; col++) if (isDark(row, col)) dark.add(`${row},${col}`);
    expect(drawn).toEqual(dark);
  });

  it('draws one rounded outline per dark module in the rounded SVG, with colours and opacity', () => {
    const svg = renderQr(TEXT, { format: 'svg', style: 'rounded', fg: '10203080', bg: 'fff' }).body.toString('utf8');
    expectWellFormed(svg);
    const d = /<path d="([^"]*)"/.exec(svg)?.[1] ?? '';
    const darkCount = Array.from({ length: reference.size ** 2 }, (_, i) => isDark(Math.floor(i / reference.size), i % reference.size)).filter(Boolean).length;
    expect(d.match(/M/g)).toHaveLength(darkCount);
    expect(d).toMatch(/a0\.5 0\.5 0 0 1/);
    expect(svg).toContain('fill="#102030" fill-opacity="0.502"');
  });

  it.each<[object, RegExp]>([
    [{ size: 63 }, /size must be a whole number from 64 to 2048/],
    [{ size: 2049 }, /size must be a whole number from 64 to 2048/],
    [{ size: 100.5 }, /size must be a whole number/],
    [{ borderSize: 21 }, /borderSize must be a whole number from 0 to 20/],
    [{ fg: 'black' }, /fg must be a hex colour of 3, 6 or 8 digits/],
    [{ bg: '12345' }, /bg must be a hex colour/],
    [{ borderColor: 'zzz' }, /borderColor must be a hex colour/],
    [{ fg: 'fff', bg: 'ffffff' }, /fg and bg must be different colours/],
  ])('refuses %o with a message naming the option', (options, message) => {
    expect(() => renderQr(TEXT, options)).toThrow(QrOptionError);
    expect(() => renderQr(TEXT, options)).toThrow(message);
  });

  it('refuses a size too small to draw every module on a pixel', () => {
    expect(() => renderQr('x'.repeat(600), { size: 64 })).toThrow(/size must be at least \d+ pixels for this code/);
  });
});

/** Every tag is closed, in order, and nothing but tags and whitespace lies between them. */
function expectWellFormed(svg: string): void {
  const body = svg.replace(/^<\?xml[^>]*\?>\s*/, '');
  const open: string[] = [];
  let rest = body.trim();
  while (rest.length > 0) {
    const tag = /^<(\/?)([a-zA-Z]+)((?:\s+[a-zA-Z-]+="[^"<>&]*")*)\s*(\/?)>\s*/.exec(rest);
    if (tag === null) throw new Error(`not well-formed near: ${rest.slice(0, 60)}`);
    const [whole, closing, name = '', , selfClosing] = tag;
    if (closing) expect(open.pop()).toBe(name);
    else if (!selfClosing) open.push(name);
    rest = rest.slice(whole.length);
  }
  expect(open).toEqual([]);
}
