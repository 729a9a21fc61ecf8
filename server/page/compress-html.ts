import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyReply } from 'fastify';
import { acceptedEncodings } from './accept-header';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * A server-rendered page differs per request, so it cannot be compressed at build time like the assets. It is small
 * (~4.4 KB for the ready screen with its data block; ~1.6 KB as brotli quality 5, which takes a fraction of a
 * millisecond): either fits a phone's first round trip, so this is about bytes on metered plans more than time.
 */
export const HTML_BROTLI_QUALITY = 5;
export const HTML_GZIP_LEVEL = 6;

/** The page compressed with the best coding the client accepts (Content-Encoding and Vary set), or as it is. */
export async function compressHtml(reply: FastifyReply, html: string, acceptEncoding: string | undefined): Promise<Buffer> {
  reply.header('vary', 'accept-encoding');
  const accepted = acceptedEncodings(acceptEncoding);
  const source = Buffer.from(html, 'utf8');
  if (accepted.has('br')) {
    reply.header('content-encoding', 'br');
    return brotli(source, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: HTML_BROTLI_QUALITY, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: source.length },
    });
  }
  if (accepted.has('gzip')) {
    reply.header('content-encoding', 'gzip');
    return gzip(source, { level: HTML_GZIP_LEVEL });
  }
  return source;
}
