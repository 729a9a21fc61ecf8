import { QrOptionError } from './qr-options';

/** Where the modules fall in a square image of `size` pixels. */
export interface RasterLayout {
  /** Pixels per module (a whole number, so every module has the same crisp width). */
  scale: number;
  /** Pixels of extra margin before the quiet zone, when `size` is not a multiple of the module count. */
  offset: number;
  /** Modules across, quiet zone included. */
  modulesAcross: number;
}

export function rasterLayout(symbolSize: number, borderSize: number, size: number): RasterLayout {
  const modulesAcross = symbolSize + 2 * borderSize;
  const scale = Math.floor(size / modulesAcross);
  if (scale < 1) {
    throw new QrOptionError(`size must be at least ${modulesAcross} pixels for this code (or use a smaller borderSize)`);
  }
  return { scale, offset: Math.floor((size - modulesAcross * scale) / 2), modulesAcross };
}
