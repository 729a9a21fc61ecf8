import * as v from 'valibot';
import { COMPRESSION } from './compress-limits';
import type { CompressionStrategy, CompressPlan } from './compress-plan';
import { DAMAGED_PICTURE, DamagedPicture } from '../image-bytes/damaged-picture';
import { type MeasureRequest, nativeResponseSchema, type NativeRequest, type NativeResponse, type SealRequest } from './native-messages';
import type { PhotoLook } from './photo-look';
import type { QualityHint } from './quality';
import { moduleWorkerSupported } from './module-worker';

/**
 * A module worker + createImageBitmap + OffscreenCanvas.convertToBlob: Chromium 80+, Firefox 114+, Safari 16.4+.
 * Elsewhere (Firefox 105–113: everything but module workers) photos are prepared by browser-image-compression,
 * whose own worker is a classic one (prepare-for-upload.ts).
 */
export function nativeSupported(): boolean {
  return (
    moduleWorkerSupported() &&
    typeof createImageBitmap === 'function' &&
    typeof OffscreenCanvas === 'function' &&
    typeof OffscreenCanvas.prototype.convertToBlob === 'function'
  );
}

/**
 * The quality hint needs less than compression: a worker that can decode and read pixels back (no encoder), so it is
 * measured off the page's thread even where convertToBlob is missing (the browser-image-compression path).
 */
export function measureInWorkerSupported(): boolean {
  return moduleWorkerSupported() && typeof createImageBitmap === 'function' && typeof OffscreenCanvas === 'function';
}

/** What the strategy uses of a Worker (tests give a scripted one). */
export interface CompressionWorker {
  postMessage(request: NativeRequest): void;
  terminate(): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
  addEventListener(type: 'error', listener: () => void): void;
}

/** The native worker's jobs: compression, (end-to-end sessions) sealing a prepared photo, and the quality hint. */
export interface NativeStrategy extends CompressionStrategy {
  /** The envelope of `request.photo` for `request.publicKey`, made in the worker (src/lib/e2e-envelope.ts). */
  seal(request: SealRequest): Promise<Blob>;
  /** The photo's quality hint (measure-photo.ts), measured in the worker. */
  measure(request: MeasureRequest): Promise<QualityHint | undefined>;
  /** The look (photo-look.ts) the worker made with a blob `compress` gave, from the same decode; undefined for any other blob. */
  lookOf(blob: Blob): PhotoLook | undefined;
}

type Answer = Extract<NativeResponse, { ok: true }>;

interface Waiting {
  resolve: (answer: Answer) => void;
  reject: (error: Error) => void;
}

/**
 * Compression with the browser's own codecs in a worker (native-encode.ts): the main thread only passes the
 * file and gets a Blob back. One worker serves the photos being prepared (several at once, told apart by id)
 * and is ended `idleMs` after the last answer, so its memory goes with it; a worker that fails or answers
 * nonsense is ended at once, failing what it had, and the next photo starts a fresh one.
 */
export function createNativeStrategy(startWorker: () => CompressionWorker, idleMs: number): NativeStrategy {
  let worker: CompressionWorker | undefined;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let lastId = 0;
  const waiting = new Map<number, Waiting>();
  /** Weak: a look lives as long as its photo's compressed copy, which the queue holds until it is sent. */
  const looks = new WeakMap<Blob, PhotoLook>();

  function running(): CompressionWorker {
    if (worker !== undefined) return worker;
    const started = startWorker();
    started.addEventListener('message', (event) => {
      const response = v.safeParse(nativeResponseSchema, event.data);
      const answered = response.success ? waiting.get(response.output.id) : undefined;
      if (!response.success || answered === undefined) {
        end(started, new Error('Malformed answer from the compression worker'));
        return;
      }
      waiting.delete(response.output.id);
      if (response.output.ok) answered.resolve(response.output);
      else answered.reject(response.output.error.startsWith(DAMAGED_PICTURE) ? new DamagedPicture(response.output.error) : new Error(response.output.error));
      if (waiting.size === 0) idleTimer = setTimeout(() => end(started, new Error('The compression worker was idle')), idleMs);
    });
    started.addEventListener('error', () => end(started, new Error('The compression worker failed')));
    worker = started;
    return started;
  }

  function end(which: CompressionWorker, error: Error): void {
    if (worker !== which) return;
    worker = undefined;
    clearTimeout(idleTimer);
    which.terminate();
    for (const request of waiting.values()) request.reject(error);
    waiting.clear();
  }

  function ask(job: { file: Blob; plan: CompressPlan } | { seal: SealRequest } | { measure: MeasureRequest }): Promise<Answer> {
    clearTimeout(idleTimer);
    const target = running();
    lastId += 1;
    const request: NativeRequest = { id: lastId, ...job };
    return new Promise<Answer>((resolve, reject) => {
      waiting.set(request.id, { resolve, reject });
      target.postMessage(request);
    });
  }

  /** A blob was asked for: an answer of the other kind is the worker's mistake. */
  const blobOf = (answer: Answer): Blob => {
    if ('blob' in answer) return answer.blob;
    throw new Error('The compression worker answered a quality where a blob was asked');
  };
  return {
    name: 'native',
    compress: (file, plan) =>
      ask({ file, plan }).then((answer) => {
        const blob = blobOf(answer);
        if ('look' in answer && answer.look !== undefined) looks.set(blob, { quality: answer.look.quality ?? undefined, preview: answer.look.preview });
        return blob;
      }),
    seal: (request) => ask({ seal: request }).then(blobOf),
    measure: (request) =>
      ask({ measure: request }).then((answer) => {
        if (!('quality' in answer)) throw new Error('The compression worker answered a blob where a quality was asked');
        return answer.quality ?? undefined;
      }),
    lookOf: (blob) => looks.get(blob),
  };
}

export const nativeStrategy = createNativeStrategy(
  () => new Worker(new URL('./native-worker.ts', import.meta.url), { type: 'module' }),
  COMPRESSION.nativeWorkerIdleMs,
);
