import * as v from 'valibot';
import { QR } from '../limits';
import { parseHexColour, type Rgba, sameColour } from './colour';
import type { QrStyle } from './module-shape';

export const QR_FORMATS = ['png', 'svg', 'jpeg'] as const;
export type QrFormat = (typeof QR_FORMATS)[number];
export const QR_STYLES = ['square', 'rounded'] as const satisfies readonly QrStyle[];

/** What a caller may ask for. Colours are hex without '#' (`000`, `1a2b3c`, `1a2b3c80`). */
export interface QrOptions {
  format: QrFormat;
  size: number;
  style: QrStyle;
  fg: string;
  bg: string;
  borderSize: number;
  /** The quiet zone's colour; defaults to `bg`. */
  borderColor: string;
}

export interface ResolvedQrOptions {
  format: QrFormat;
  size: number;
  style: QrStyle;
  fg: Rgba;
  bg: Rgba;
  borderSize: number;
  borderColor: Rgba;
}

/** A bad option: its message names the parameter and the accepted values. */
export class QrOptionError extends Error {
  override name = 'QrOptionError';
}

const DEFAULTS = { format: 'png', size: QR.sizeDefault, style: 'square', fg: '000000', bg: 'ffffff', borderSize: QR.borderDefault } as const;

/** Published in the create reply's `qr_specs.params`, so an integrator can discover what the endpoint takes. */
export const QR_PARAMS = {
  format: { values: [...QR_FORMATS], default: DEFAULTS.format },
  size: { min: QR.sizeMin, max: QR.sizeMax, default: DEFAULTS.size },
  style: { values: [...QR_STYLES], default: DEFAULTS.style },
  fg: { default: DEFAULTS.fg },
  bg: { default: DEFAULTS.bg },
  borderSize: { min: QR.borderMin, max: QR.borderMax, default: DEFAULTS.borderSize },
  borderColor: { default: 'same as bg' },
};

/**
 * The same endpoint's defaults as query strings, for `qr_specs.params`: Apertur's SDKs decode that field as a map of
 * strings (Go `map[string]string`, Rust `HashMap<String, String>`) and fail on anything else, so the ranges and
 * choices of QR_PARAMS travel beside it instead.
 */
export const QR_DEFAULT_PARAMS: Record<keyof QrOptions, string> = {
  format: DEFAULTS.format,
  size: String(DEFAULTS.size),
  style: DEFAULTS.style,
  fg: DEFAULTS.fg,
  bg: DEFAULTS.bg,
  borderSize: String(DEFAULTS.borderSize),
  borderColor: DEFAULTS.bg,
};

function wholeNumber(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new QrOptionError(`${name} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

function colour(name: string, hex: string): Rgba {
  const parsed = parseHexColour(hex);
  if (parsed === undefined) throw new QrOptionError(`${name} must be a hex colour of 3, 6 or 8 digits without '#', such as 000000`);
  return parsed;
}

/** Fills in defaults and checks every option. Throws QrOptionError. */
/** What drawing needs, whatever the output format (raster or SVG). */
export type DrawOptions = Omit<ResolvedQrOptions, 'format'>;

export function resolveQrOptions(options: Partial<QrOptions> = {}): ResolvedQrOptions {
  const format = options.format ?? DEFAULTS.format;
  if (!QR_FORMATS.includes(format)) throw new QrOptionError(`format must be one of ${QR_FORMATS.join(', ')}`);
  const style = options.style ?? DEFAULTS.style;
  if (!QR_STYLES.includes(style)) throw new QrOptionError(`style must be one of ${QR_STYLES.join(', ')}`);
  const fg = colour('fg', options.fg ?? DEFAULTS.fg);
  const bg = colour('bg', options.bg ?? DEFAULTS.bg);
  // A code drawn in its background colour cannot be scanned.
  if (sameColour(fg, bg)) throw new QrOptionError('fg and bg must be different colours');
  return {
    format,
    size: wholeNumber('size', options.size ?? DEFAULTS.size, QR.sizeMin, QR.sizeMax),
    style,
    fg,
    bg,
    borderSize: wholeNumber('borderSize', options.borderSize ?? DEFAULTS.borderSize, QR.borderMin, QR.borderMax),
    borderColor: options.borderColor === undefined ? bg : colour('borderColor', options.borderColor),
  };
}

/** Query values are single strings; a repeated parameter is refused rather than guessed. */
const param = (name: string) => v.optional(v.string(`${name} must be given once`));
export const QrQuery = v.object({
  format: param('format'),
  size: param('size'),
  style: param('style'),
  fg: param('fg'),
  bg: param('bg'),
  borderSize: param('borderSize'),
  borderColor: param('borderColor'),
});

const FORMAT_NAMES = new Map<string, QrFormat>([['png', 'png'], ['svg', 'svg'], ['jpeg', 'jpeg'], ['jpg', 'jpeg']]);
const STYLE_NAMES = new Map<string, QrStyle>([['square', 'square'], ['rounded', 'rounded']]);

/**
 * `?format=&size=...` of the QR route (parsed with `QrQuery`) into options for `renderQr` (which checks ranges and
 * colours). Throws QrOptionError.
 */
export function qrOptionsFromQuery(q: v.InferOutput<typeof QrQuery>): Partial<QrOptions> {
  const number = (text: string | undefined) => (text === undefined ? undefined : /^\d{1,6}$/.test(text) ? Number(text) : NaN);
  const format = q.format === undefined ? undefined : FORMAT_NAMES.get(q.format.toLowerCase());
  if (q.format !== undefined && format === undefined) throw new QrOptionError(`format must be one of ${QR_FORMATS.join(', ')}`);
  const style = q.style === undefined ? undefined : STYLE_NAMES.get(q.style.toLowerCase());
  if (q.style !== undefined && style === undefined) throw new QrOptionError(`style must be one of ${QR_STYLES.join(', ')}`);
  return {
    format,
    size: number(q.size),
    style,
    fg: q.fg,
    bg: q.bg,
    borderSize: number(q.borderSize),
    borderColor: q.borderColor,
  };
}
