/** A colour with alpha, each channel 0–255. */
export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

const HEX = /^#?([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

/** `fff`, `ffffff` or `ffffff80` (the '#' is optional, it is awkward in a query string). Undefined when invalid. */
export function parseHexColour(text: string): Rgba | undefined {
  const digits = HEX.exec(text.trim())?.[1];
  if (digits === undefined) return undefined;
  const full = digits.length === 3 ? [...digits].map((d) => d + d).join('') : digits;
  const channel = (index: number) => parseInt(full.slice(index * 2, index * 2 + 2), 16);
  return { r: channel(0), g: channel(1), b: channel(2), a: full.length === 8 ? channel(3) : 255 };
}

export const sameColour = (x: Rgba, y: Rgba): boolean => x.r === y.r && x.g === y.g && x.b === y.b && x.a === y.a;

/** `#rrggbb` for SVG `fill` (its alpha goes to `fill-opacity`). */
export const cssHex = ({ r, g, b }: Rgba): string => `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;

/** JPEG has no alpha: blend onto white, which is what a viewer would show behind a transparent PNG. */
export function onWhite({ r, g, b, a }: Rgba): Rgba {
  const mix = (c: number) => Math.round((c * a + 255 * (255 - a)) / 255);
  return { r: mix(r), g: mix(g), b: mix(b), a: 255 };
}
