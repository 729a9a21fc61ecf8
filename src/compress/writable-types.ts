import { sniffFile } from '../image-bytes/file-sniff';
import { OUTPUT_TYPES, type OutputType } from './compress-plan';

/** Encodes a 1×1 picture as `type` with the encoder compression will use; undefined when it gives nothing. */
export type TinyEncoder = (type: OutputType) => Promise<Blob | undefined>;

/**
 * The output types this browser really writes. A canvas asked for a type it has no encoder for writes PNG
 * without a word (WebKit asked for WebP, issue 10): each type is tried once on a 1×1 picture and kept only
 * when the bytes that come back are of that type (the bytes, not the blob's label).
 */
export async function probeWritableTypes(encode: TinyEncoder): Promise<ReadonlySet<OutputType>> {
  const written = await Promise.all(
    OUTPUT_TYPES.map(async (type) => {
      const blob = await encode(type).catch(() => undefined);
      const sniffed = blob === undefined ? undefined : await sniffFile(blob);
      return sniffed?.kind === 'image' && sniffed.type === type ? type : undefined;
    }),
  );
  return new Set(written.filter((type) => type !== undefined));
}

/**
 * The page's encoder: OffscreenCanvas.convertToBlob where it exists (the native worker uses the same codecs),
 * else a canvas element (what browser-image-compression falls back to).
 */
const encodeTiny: TinyEncoder = async (type) => {
  if (typeof OffscreenCanvas === 'function' && typeof OffscreenCanvas.prototype.convertToBlob === 'function') {
    const canvas = new OffscreenCanvas(1, 1);
    canvas.getContext('2d')?.fillRect(0, 0, 1, 1);
    return canvas.convertToBlob({ type });
  }
  if (typeof document === 'undefined') return undefined;
  const canvas = document.createElement('canvas');
  canvas.width = 1;
  canvas.height = 1;
  canvas.getContext('2d')?.fillRect(0, 0, 1, 1);
  return new Promise((resolve) => canvas.toBlob((blob) => resolve(blob ?? undefined), type));
};

let probed: Promise<ReadonlySet<OutputType>> | undefined;

/**
 * What this browser writes, probed once for the page's life (when the first photo is prepared).
 * A probe that writes nothing at all (no canvas) says nothing about types: every type is assumed, and the
 * type check after encoding (prepare-for-upload.ts) still stands.
 */
export function writableTypes(): Promise<ReadonlySet<OutputType>> {
  probed ??= probeWritableTypes(encodeTiny).then((types) => (types.size > 0 ? types : new Set(OUTPUT_TYPES)));
  return probed;
}
