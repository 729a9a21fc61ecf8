/// <reference types="vite/client" />
import { COMPRESSION } from '../../src/compress/compress-limits';
import { planFor } from '../../src/compress/decide';
import type { FitLimits } from '../../src/compress/fit-types';
import { libraryStrategy } from '../../src/compress/library-strategy';
import { nativeStrategy, nativeSupported } from '../../src/compress/native-strategy';
import { prepareForUpload } from '../../src/compress/prepare-for-upload';
import { probeDimensions } from '../../src/image-bytes/probe';
import { sniffFile } from '../../src/image-bytes/file-sniff';
import { readShownSize } from '../../src/image-bytes/image-header';
import type { NativeReply, NativeRequest } from './native-protocol';

/** What one compression run reports to the bench (read back with page.evaluate). */
export interface CompressOutcome {
  ok: boolean;
  error?: string;
  ms: number;
  bytes: number;
  type: string;
  width: number;
  height: number;
  /** Main-thread long tasks (over 50 ms) that overlapped the run. */
  longTasks: number[];
}

export interface CompressRequest {
  limits: FitLimits;
  /** The photo's size as shown (EXIF orientation applied), known from its header. */
  shown: { width: number; height: number };
}

const longTasks: PerformanceEntry[] = [];
new PerformanceObserver((list) => longTasks.push(...list.getEntries())).observe({ type: 'longtask', buffered: true });

function pickedFile(): File {
  const input = document.getElementById('photo');
  const file = input instanceof HTMLInputElement ? input.files?.[0] : undefined;
  if (file === undefined) throw new Error('no photo picked');
  return file;
}

async function outcome(run: () => Promise<{ blob: Blob } | { error: string }>): Promise<CompressOutcome> {
  // Let tasks of the previous run (and of setInputFiles) settle before timing this one.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const start = performance.now();
  const result = await run();
  const ms = performance.now() - start;
  await new Promise((resolve) => setTimeout(resolve, 100)); // long-task entries arrive asynchronously
  const overlapping = longTasks.filter((t) => t.startTime < start + ms && t.startTime + t.duration > start).map((t) => Math.round(t.duration));
  if ('error' in result) return { ok: false, error: result.error, ms, bytes: 0, type: '', width: 0, height: 0, longTasks: overlapping };
  const bitmap = await createImageBitmap(result.blob);
  const size = { width: bitmap.width, height: bitmap.height };
  bitmap.close();
  return { ok: true, ms, bytes: result.blob.size, type: result.blob.type, ...size, longTasks: overlapping };
}

/** qrdrop's pipeline exactly as the page runs it on a picked file: sniff, probe, decide, compress. */
async function runQrdrop(file: File, request: CompressRequest): Promise<{ blob: Blob } | { error: string }> {
  const result = await prepareForUpload(file, request.limits, () => {});
  return result.ok ? { blob: result.blob } : { error: result.message.key };
}

// Made at load, as a page would keep it: its start-up is not part of a compression.
const worker = new Worker(new URL('./native-worker.ts', import.meta.url), { type: 'module' });

/** The native one-shot path with the same plan (longest side, type) and the pipeline's first quality. */
async function runNative(file: File, request: CompressRequest): Promise<{ blob: Blob } | { error: string }> {
  const plan = planFor('image/jpeg', request.shown, request.limits);
  const longest = Math.max(request.shown.width, request.shown.height);
  const scale = Math.min(1, (plan.maxSide ?? longest) / longest);
  const message: NativeRequest = {
    file,
    width: Math.round(request.shown.width * scale),
    height: Math.round(request.shown.height * scale),
    type: plan.targetType,
    quality: COMPRESSION.initialQuality,
  };
  const reply = await new Promise<NativeReply>((resolve) => {
    worker.onmessage = (event: MessageEvent<NativeReply>) => resolve(event.data);
    worker.postMessage(message);
  });
  return reply.ok ? { blob: reply.blob } : { error: reply.error };
}

/**
 * One untimed pass of both paths on a small picture: loads the library chunk and its worker script and warms
 * the decoders, so that no timed run pays a one-time cost the other path does not.
 */
async function warmUp(): Promise<string> {
  const canvas = new OffscreenCanvas(800, 600);
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('no 2d context');
  context.fillStyle = '#6a8';
  context.fillRect(0, 0, 800, 600);
  const file = new File([await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })], 'warm-up.jpg', { type: 'image/jpeg' });
  const request: CompressRequest = { limits: { allowedMimeTypes: ['image/jpeg'], maxImageSizeBytes: 20 * 1024 * 1024, maxImageDimension: 400, stripGps: true }, shown: { width: 800, height: 600 } };
  const results = [await runQrdrop(file, request), await runNative(file, request)];
  return results.map((r) => ('error' in r ? r.error : 'ok')).join(', ');
}

/**
 * The instrument itself: a deliberate 120 ms task must show up, or "no long task" would mean nothing. It runs
 * from a timer, as page work does (code run by the DevTools protocol's evaluate is not an event-loop task).
 */
async function longTaskObserverWorks(): Promise<boolean> {
  const start = performance.now();
  await new Promise<void>((resolve) =>
    setTimeout(() => {
      const begin = performance.now();
      while (performance.now() - begin < 120) {
        // busy on purpose
      }
      resolve();
    }, 0),
  );
  await new Promise((resolve) => setTimeout(resolve, 200));
  return longTasks.some((t) => t.startTime >= start - 1 && t.duration >= 100);
}

/**
 * Where qrdrop's time goes: the pipeline's steps one by one, on the same photo. Sniff reads 64 bytes; probe reads
 * the header (a whole decode only when the header says nothing); then the strategy decodes the photo, straight to
 * the output size, to compress it. The pipeline uses the native strategy where `nativeSupported()`
 * (browser-image-compression only as its fallback); both are timed so the table says what each costs.
 */
async function stages(request: CompressRequest): Promise<Record<string, number | string>> {
  const file = pickedFile();
  const timed = async (run: () => Promise<unknown>) => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const start = performance.now();
    await run();
    const end = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 100)); // long-task entries arrive asynchronously
    const tasks = longTasks.filter((t) => t.startTime < end && t.startTime + t.duration > start).map((t) => t.duration);
    return { ms: end - start, longestTaskMs: Math.max(0, ...tasks) };
  };
  const sniff = await timed(() => sniffFile(file));
  const probe = await timed(() => probeDimensions(file));
  const fromHeader = (await readShownSize(file)) !== undefined;
  const plan = planFor('image/jpeg', request.shown, request.limits);
  const typed = new File([file], file.name, { type: 'image/jpeg' });
  const native = nativeSupported() ? await timed(() => nativeStrategy.compress(typed, plan)) : { ms: Number.NaN, longestTaskMs: Number.NaN };
  const library = await timed(() => libraryStrategy.compress(typed, plan));
  const size = fromHeader ? 'size from the header' : 'size from a full decode';
  const compress = nativeSupported() ? 'native (decode at output size), browser-image-compression as fallback' : 'browser-image-compression';
  return {
    sniff: sniff.ms,
    probe: probe.ms,
    probeLongestTask: probe.longestTaskMs,
    native: native.ms,
    nativeLongestTask: native.longestTaskMs,
    library: library.ms,
    libraryLongestTask: library.longestTaskMs,
    path: `${size}; ${compress}`,
  };
}

Object.assign(window, {
  qrdropBench: {
    warmUp,
    longTaskObserverWorks,
    stages,
    qrdrop: (request: CompressRequest) => outcome(() => runQrdrop(pickedFile(), request)),
    native: (request: CompressRequest) => outcome(() => runNative(pickedFile(), request)),
  },
});
