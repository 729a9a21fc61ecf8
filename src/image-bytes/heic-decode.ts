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

/** What this module uses of libheif-js's high-level API (its .d.ts only describes the raw exports). */
interface HeifImage {
  get_width(): number;
  get_height(): number;
  display(target: HeicPixels, done: (result: HeicPixels | null) => void): void;
  free(): void;
}
interface HeifDecoder {
  decode(bytes: Uint8Array): HeifImage[];
  /** The libheif context of the last decode, which holds the file's bytes until the next one. */
  decoder: number | null;
}
interface Libheif {
  HeifDecoder: new () => HeifDecoder;
  heif_context_free(context: number): void;
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
    const [primary] = images;
    try {
      if (primary === undefined) throw new DamagedPicture('libheif read no image in this HEIC');
      const width = primary.get_width();
      const height = primary.get_height();
      if (!(width > 0 && height > 0)) throw new DamagedPicture('this HEIC has no size');
      const target: HeicPixels = { width, height, data: new Uint8ClampedArray(width * height * 4) };
      const shown = await new Promise<HeicPixels | null>((resolve) => primary.display(target, resolve));
      if (shown === null) throw new DamagedPicture('the picture of this HEIC could not be decoded');
      return shown;
    } finally {
      for (const image of images) image.free();
      if (decoder.decoder !== null) heif.heif_context_free(decoder.decoder);
      decoder.decoder = null;
    }
  };
}

/** The page's decoder: the .wasm fetched from qrdrop itself (same origin, a content-hashed asset). */
export const decodeHeic = createHeicDecoder(async () => {
  const response = await fetch(wasmUrl);
  if (!response.ok) throw new Error(`The HEIC decoder could not be fetched (${response.status})`);
  return response.arrayBuffer();
});
