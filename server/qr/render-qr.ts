/**
 * server/qr/: QR codes of the page link, drawn by qrdrop itself: options, matrix, layout and module shapes, PNG,
 * JPEG, SVG (this file is the entry) and the terminal's text version.
 */
import { encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { QR } from '../limits';
import { onWhite } from './colour';
import { qrMatrix } from './qr-matrix';
import { type QrFormat, type QrOptions, resolveQrOptions } from './qr-options';
import { rasterize } from './rasterize';
import { renderSvg } from './render-svg';

export interface RenderedQr {
  format: QrFormat;
  contentType: string;
  body: Buffer;
}

const CONTENT_TYPES: Record<QrFormat, string> = {
  png: 'image/png',
  svg: 'image/svg+xml; charset=utf-8',
  jpeg: 'image/jpeg',
};

/**
 * A QR code of `text` as PNG, SVG or JPEG bytes. The `qrcode` package only computes the modules; drawing is
 * ours so the three formats share one layout and style. Throws QrOptionError on a bad option.
 */
export function renderQr(text: string, options: Partial<QrOptions> = {}): RenderedQr {
  const resolved = resolveQrOptions(options);
  const matrix = qrMatrix(text);
  const { format, size } = resolved;
  let body: Buffer;
  if (format === 'svg') {
    body = Buffer.from(renderSvg(matrix, resolved), 'utf8');
  } else if (format === 'png') {
    const png = new PNG({ width: size, height: size });
    png.data = rasterize(matrix, resolved);
    // Filter "up": the pixel rows of one module row repeat, so they become zeros; trying every filter per row
    // (the default) makes files smaller still but takes about twice as long.
    body = PNG.sync.write(png, { filterType: 2 });
  } else {
    const opaque = { ...resolved, fg: onWhite(resolved.fg), bg: onWhite(resolved.bg), borderColor: onWhite(resolved.borderColor) };
    body = encodeJpeg({ width: size, height: size, data: rasterize(matrix, opaque) }, QR.jpegQuality).data;
  }
  return { format, contentType: CONTENT_TYPES[format], body };
}
