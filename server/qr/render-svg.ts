import { cssHex, type Rgba } from './colour';
import { CORNER_RADIUS, type Corners, cornersOf } from './module-shape';
import type { DrawOptions } from './qr-options';
import type { QrMatrix } from './qr-matrix';

/** `fill` plus `fill-opacity` when the colour is not opaque. Values are built from numbers: nothing to escape. */
const fill = (c: Rgba) => `fill="${cssHex(c)}"${c.a === 255 ? '' : ` fill-opacity="${(c.a / 255).toFixed(3)}"`}`;

/** Square style: one path, runs of dark modules on a row merged into one rectangle. */
function squarePath(matrix: QrMatrix, border: number): string {
  const parts: string[] = [];
  for (let row = 0; row < matrix.size; row++) {
    let col = 0;
    while (col < matrix.size) {
      if (!matrix.isDark(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < matrix.size && matrix.isDark(row, col)) col++;
      parts.push(`M${start + border} ${row + border}h${col - start}v1h-${col - start}z`);
    }
  }
  return parts.join('');
}

/** One module's outline, with a quarter circle at each rounded corner (clockwise from the top-left). */
function roundedModule(x: number, y: number, c: Corners): string {
  const r = CORNER_RADIUS;
  const arc = (dx: number, dy: number) => `a${r} ${r} 0 0 1 ${dx} ${dy}`;
  return [
    `M${c.topLeft ? x + r : x} ${y}`,
    `H${c.topRight ? x + 1 - r : x + 1}`,
    c.topRight ? arc(r, r) : '',
    `V${c.bottomRight ? y + 1 - r : y + 1}`,
    c.bottomRight ? arc(-r, r) : '',
    `H${c.bottomLeft ? x + r : x}`,
    c.bottomLeft ? arc(-r, -r) : '',
    `V${c.topLeft ? y + r : y}`,
    c.topLeft ? arc(r, -r) : '',
    'z',
  ].join('');
}

function roundedPath(matrix: QrMatrix, border: number): string {
  const parts: string[] = [];
  for (let row = 0; row < matrix.size; row++) {
    for (let col = 0; col < matrix.size; col++) {
      if (matrix.isDark(row, col)) parts.push(roundedModule(col + border, row + border, cornersOf(matrix, row, col, 'rounded')));
    }
  }
  return parts.join('');
}

/** The code as a standalone SVG document, one unit per module, scaled to `size` by width/height. */
export function renderSvg(matrix: QrMatrix, options: DrawOptions): string {
  const { size, style, fg, bg, borderSize: border, borderColor } = options;
  const across = matrix.size + 2 * border;
  const path = style === 'square' ? squarePath(matrix, border) : roundedPath(matrix, border);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${across} ${across}"${style === 'square' ? ' shape-rendering="crispEdges"' : ''}>`,
    `<rect width="${across}" height="${across}" ${fill(borderColor)}/>`,
    `<rect x="${border}" y="${border}" width="${matrix.size}" height="${matrix.size}" ${fill(bg)}/>`,
    `<path d="${path}" ${fill(fg)}/>`,
    '</svg>',
    '',
  ].join('\n');
}
