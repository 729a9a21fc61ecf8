import type { QrMatrix } from './qr-matrix';

export type QrStyle = 'square' | 'rounded';

/** Which corners of a dark module are rounded: those whose two neighbours along the edges are both light. */
export interface Corners {
  topLeft: boolean;
  topRight: boolean;
  bottomRight: boolean;
  bottomLeft: boolean;
}

const SQUARE: Corners = { topLeft: false, topRight: false, bottomRight: false, bottomLeft: false };

/** Radius of a rounded corner, in modules: 0.5 turns a lone module into a dot. */
export const CORNER_RADIUS = 0.5;

/**
 * Rounded style rounds only the outer corners of each run of dark modules, so connected modules stay connected
 * and finder patterns keep their square-ish outline (scanners rely on their 1:1:3:1:1 proportions).
 */
export function cornersOf(matrix: QrMatrix, row: number, col: number, style: QrStyle): Corners {
  if (style === 'square') return SQUARE;
  const up = matrix.isDark(row - 1, col);
  const down = matrix.isDark(row + 1, col);
  const left = matrix.isDark(row, col - 1);
  const right = matrix.isDark(row, col + 1);
  return { topLeft: !up && !left, topRight: !up && !right, bottomRight: !down && !right, bottomLeft: !down && !left };
}

/** Whether the point (u, v) of a module, each in [0, 1), is cut away by one of its rounded corners. */
export function isCutAway(corners: Corners, u: number, v: number): boolean {
  const r = CORNER_RADIUS;
  const outside = (cx: number, cy: number) => (u - cx) ** 2 + (v - cy) ** 2 > r * r;
  if (u < r && v < r) return corners.topLeft && outside(r, r);
  if (u >= 1 - r && v < r) return corners.topRight && outside(1 - r, r);
  if (u >= 1 - r && v >= 1 - r) return corners.bottomRight && outside(1 - r, 1 - r);
  if (u < r && v >= 1 - r) return corners.bottomLeft && outside(r, 1 - r);
  return false;
}
