/*! libheif-js (libheif, libde265): LGPL-3.0. Notice, licence texts and source: /licenses/THIRD-PARTY-NOTICES.txt */
import libheif from 'libheif-js/libheif-wasm/libheif.js';
import wasmUrl from 'libheif-js/libheif-wasm/libheif.wasm?url';
import { DamagedPicture } from './damaged-picture';

/**
 * HEIC → RGBA pixels with libheif compiled to WebAssembly (libheif-js), for browsers that cannot decode HEIC
 * themselves (Chromium, Firefox). Loaded only with import() from the preparation worker (src/compress/native-encode.ts) and the desktop view's HEIC previews, when a
 * HEIC must be converted: this module and its .wasm (served by qrdrop, never a CDN) are their own chunk and asset.
 * libheif applies the file's rotation and mirroring (irot, imir), so the pixels are upright; they carry no
 * metadata at all, location included.
 */

/** Decoded pixels, upright: what an ImageData is made of. */
export interface HeicPixels {
  width: number;
  height: number;
  data: Uint8ClampedArray<ArrayBuffer>;
}

/** What this module uses of libheif-js's API (its .d.ts only describes the raw exports). */
interface HeifImage {
  /** The item's handle; its width and height come from the item's `ispe` box, 0 × 0 when the file has none. */
  readonly handle: unknown;
  free(): void;
}
interface HeifDecoder {
  decode(bytes: Uint8Array): HeifImage[];
  /** The libheif context of the last decode, which holds the file's bytes until the next one. */
  decoder: number | null;
}
/** One plane of a decoded picture; `data` views the module's memory, at most `stride` × the handle's height long. */
interface HeifChannel {
  readonly id: unknown;
  readonly width: number;
  readonly height: number;
  readonly stride: number;
  readonly data: Uint8Array;
}
type Decoded = { readonly code?: undefined; readonly image: unknown; readonly channels: readonly HeifChannel[] } | { readonly code: object | number } | null;
interface Libheif {
  HeifDecoder: new () => HeifDecoder;
  heif_context_free(context: number): void;
  heif_js_decode_image2(handle: unknown, colorspace: unknown, chroma: unknown): Decoded | Promise<Decoded>;
  heif_image_release(image: unknown): void;
  heif_colorspace: { heif_colorspace_RGB: unknown };
  heif_chroma: { heif_chroma_interleaved_RGBA: unknown };
  heif_channel: { heif_channel_interleaved: unknown };
  HEAPU8: Uint8Array;
}

type Factory = (options: { wasmBinary: ArrayBuffer; onRuntimeInitialized: () => void; print: () => void; printErr: () => void }) => unknown;

/** A decoder over the given wasm bytes: compiled once, on first use, and kept for the worker's life. */
export function createHeicDecoder(loadWasm: () => Promise<ArrayBuffer>, factory: Factory = libheif as unknown as Factory) {
  let module: Promise<Libheif> | undefined;
  const ready = (): Promise<Libheif> => {
    module ??= loadWasm().then(
      (wasmBinary) =>
        new Promise<Libheif>((resolve) => {
          const quiet = () => undefined;
          // Emscripten builds its module on the options object itself, and may be ready before the factory returns
          // (a wasmBinary in Node): HeifDecoder is only set at the factory's end, which the awaiting code, a
          // microtask later, comes after.
          const options = { wasmBinary, onRuntimeInitialized: () => resolve(options as unknown as Libheif), print: quiet, printErr: quiet };
          factory(options);
        }),
    );
    // A failed load (chunk or wasm not fetched) is tried again by the next photo.
    module.catch(() => {
      module = undefined;
    });
    return module;
  };

  return async function decodeHeic(file: Blob): Promise<HeicPixels> {
    const [heif, bytes] = await Promise.all([ready(), file.arrayBuffer()]);
    const decoder = new heif.HeifDecoder();
    const images = decoder.decode(new Uint8Array(bytes));
    try {
      const [primary] = images;
      if (primary === undefined) throw new DamagedPicture('libheif read no image in this HEIC');
      return await decodePixels(heif, primary);
    } finally {
      for (const image of images) image.free();
      if (decoder.decoder !== null) heif.heif_context_free(decoder.decoder);
      decoder.decoder = null;
    }
  };
}

/**
 * The picture's RGBA pixels, at the size the decoded picture has. Not libheif-js's `display()`: it sizes its copy
 * from the handle, which is 0 × 0 for a HEIC without an `ispe` box (the size the file declares) although the
 * picture itself decodes; here the plane's own size is used, and its rows are read from the module's memory
 * (the channel's view is cut to the handle's height).
 */
async function decodePixels(heif: Libheif, image: HeifImage): Promise<HeicPixels> {
  const decoded = await heif.heif_js_decode_image2(image.handle, heif.heif_colorspace.heif_colorspace_RGB, heif.heif_chroma.heif_chroma_interleaved_RGBA);
  if (decoded === null || decoded.code !== undefined) throw new DamagedPicture('the picture of this HEIC could not be decoded');
  try {
    const plane = decoded.channels.find((channel) => channel.id === heif.heif_channel.heif_channel_interleaved);
    if (plane === undefined || !(plane.width > 0 && plane.height > 0)) throw new DamagedPicture('this HEIC has no picture');
    const { width, height, stride } = plane;
    const rowBytes = width * 4;
    const memory = heif.HEAPU8;
    if (stride < rowBytes || plane.data.byteOffset + stride * (height - 1) + rowBytes > memory.length) throw new DamagedPicture('this HEIC decoded to a plane out of bounds');
    const data = new Uint8ClampedArray(rowBytes * height);
    for (let row = 0; row < height; row += 1) {
      const start = plane.data.byteOffset + row * stride;
      data.set(memory.subarray(start, start + rowBytes), row * rowBytes);
    }
    return { width, height, data };
  } finally {
    heif.heif_image_release(decoded.image);
  }
}

/** The page's decoder: the .wasm fetched from qrdrop itself (same origin, a content-hashed asset). */
export const decodeHeic = createHeicDecoder(async () => {
  const response = await fetch(wasmUrl);
  if (!response.ok) throw new Error(`The HEIC decoder could not be fetched (${response.status})`);
  return response.arrayBuffer();
});
