import { rasterLayout } from './layout';
import { type Corners, cornersOf, isCutAway } from './module-shape';
import type { Rgba } from './colour';
import type { DrawOptions } from './qr-options';
import type { QrMatrix } from './qr-matrix';


/** A colour as one native-endian 32-bit word, so a pixel is written in one store. */
const packed = ({ r, g, b, a }: Rgba): number => new Uint32Array(new Uint8Array([r, g, b, a]).buffer)[0] ?? 0;

const BORDER = 0;
const LIGHT = 1;
/** Dark modules are DARK + a 4-bit mask of their rounded corners. */
const DARK = 2;

const cornerMask = (c: Corners) => (c.topLeft ? 1 : 0) | (c.topRight ? 2 : 0) | (c.bottomRight ? 4 : 0) | (c.bottomLeft ? 8 : 0);
const cornersFromMask = (mask: number): Corners => ({
  topLeft: (mask & 1) !== 0,
  topRight: (mask & 2) !== 0,
  bottomRight: (mask & 4) !== 0,
  bottomLeft: (mask & 8) !== 0,
});

/** For each corner mask, which pixels of a `scale` × `scale` module are cut away (sampled at pixel centres). */
function cutTables(scale: number): Uint8Array[] {
  return Array.from({ length: 16 }, (_, mask) => {
    const corners = cornersFromMask(mask);
    const table = new Uint8Array(scale * scale);
    for (let j = 0; j < scale; j++) {
      for (let i = 0; i < scale; i++) table[j * scale + i] = isCutAway(corners, (i + 0.5) / scale, (j + 0.5) / scale) ? 1 : 0;
    }
    return table;
  });
}

/** RGBA pixels (`size` × `size` × 4 bytes) of the code, ready for a PNG or JPEG encoder. */
export function rasterize(matrix: QrMatrix, options: DrawOptions): Buffer {
  const { size, borderSize, style } = options;
  const { scale, offset, modulesAcross } = rasterLayout(matrix.size, borderSize, size);

  // What each grid cell is, quiet zone included.
  const grid = new Uint8Array(modulesAcross * modulesAcross);
  for (let row = 0; row < matrix.size; row++) {
    for (let col = 0; col < matrix.size; col++) {
      const cell = (row + borderSize) * modulesAcross + col + borderSize;
      grid[cell] = matrix.isDark(row, col) ? DARK + cornerMask(cornersOf(matrix, row, col, style)) : LIGHT;
    }
  }
  // Grid column (or -1 in the extra margin) and position inside the module, per pixel column; same for rows.
  const cellOf = new Int32Array(size);
  const insideOf = new Int32Array(size);
  for (let p = 0; p < size; p++) {
    const fromOrigin = p - offset;
    const cell = Math.floor(fromOrigin / scale);
    cellOf[p] = fromOrigin < 0 || cell >= modulesAcross ? -1 : cell;
    insideOf[p] = fromOrigin < 0 ? 0 : fromOrigin % scale;
  }

  const colours = [packed(options.borderColor), packed(options.bg), packed(options.fg)] as const;
  const cuts = cutTables(scale);
  const pixels = Buffer.alloc(size * size * 4);
  const words = new Uint32Array(pixels.buffer, pixels.byteOffset, size * size);
  for (let y = 0; y < size; y++) {
    const gridRow = cellOf[y] ?? -1;
    const v = insideOf[y] ?? 0;
    for (let x = 0; x < size; x++) {
      const gridCol = cellOf[x] ?? -1;
      const kind = gridRow < 0 || gridCol < 0 ? BORDER : (grid[gridRow * modulesAcross + gridCol] ?? BORDER);
      let colour = colours[0];
      if (kind === LIGHT) colour = colours[1];
      else if (kind >= DARK) colour = cuts[kind - DARK]?.[v * scale + (insideOf[x] ?? 0)] === 1 ? colours[1] : colours[2];
      words[y * size + x] = colour;
    }
  }
  return pixels;
}
