import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CompressPlan } from './compress-plan';
import { DamagedPicture } from '../image-bytes/damaged-picture';
import type { NativeRequest } from './native-messages';
import { type CompressionWorker, createNativeStrategy } from './native-strategy';

const IDLE_MS = 10_000;
const plan: CompressPlan = { targetType: 'image/jpeg', maxBytes: 1000, maxSide: 2048, shown: { width: 3024, height: 4032 } };
const photo = (name: string) => new File([new Uint8Array([0xff, 0xd8, 0xff])], name);

/** A worker the test answers by hand: what it was asked, and whether it was ended. */
class ScriptedWorker implements CompressionWorker {
  requests: NativeRequest[] = [];
  terminated = false;
  private onMessage: (event: MessageEvent<unknown>) => void = () => {};
  private onError: () => void = () => {};

  postMessage(request: NativeRequest): void {
    this.requests.push(request);
  }
  terminate(): void {
    this.terminated = true;
  }
  addEventListener(type: 'message' | 'error', listener: (event: MessageEvent<unknown>) => void): void {
    if (type === 'message') this.onMessage = listener;
    else this.onError = () => listener(new MessageEvent('error'));
  }
  answer(data: unknown): void {
    this.onMessage(new MessageEvent('message', { data }));
  }
  fail(): void {
    this.onError();
  }
}

function setup() {
  const workers: ScriptedWorker[] = [];
  const strategy = createNativeStrategy(() => {
    const worker = new ScriptedWorker();
    workers.push(worker);
    return worker;
  }, IDLE_MS);
  return { strategy, workers };
}

const idOf = (worker: ScriptedWorker | undefined, index: number) => worker?.requests[index]?.id;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('native strategy: one worker while photos are being prepared', () => {
  it('photos one after another go to the same worker, which ends once idle', async () => {
    const t = setup();
    const first = t.strategy.compress(photo('a.jpg'), plan);
    const worker = t.workers[0];
    const out = new Blob(['a']);
    worker?.answer({ id: idOf(worker, 0), ok: true, blob: out });
    expect(await first).toBe(out);

    await vi.advanceTimersByTimeAsync(IDLE_MS - 1);
    const second = t.strategy.compress(photo('b.jpg'), plan);
    expect(t.workers).toHaveLength(1);
    expect(worker?.requests.map((request) => ('file' in request && request.file instanceof File ? request.file.name : ''))).toEqual(['a.jpg', 'b.jpg']);
    expect(worker?.requests[1]).toMatchObject({ plan });
    worker?.answer({ id: idOf(worker, 1), ok: true, blob: out });
    await second;

    await vi.advanceTimersByTimeAsync(IDLE_MS - 1);
    expect(worker?.terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(worker?.terminated).toBe(true);
    void t.strategy.compress(photo('c.jpg'), plan);
    expect(t.workers).toHaveLength(2);
  });

  it('two photos at once: each answer goes to its own photo, whatever the order', async () => {
    const t = setup();
    const a = t.strategy.compress(photo('a.jpg'), plan);
    const b = t.strategy.compress(photo('b.jpg'), plan);
    const worker = t.workers[0];
    expect(idOf(worker, 0)).not.toBe(idOf(worker, 1));
    const fromB = new Blob(['b']);
    worker?.answer({ id: idOf(worker, 1), ok: true, blob: fromB });
    worker?.answer({ id: idOf(worker, 0), ok: false, error: 'The source image could not be decoded.' });
    expect(await b).toBe(fromB);
    await expect(a).rejects.toThrow('The source image could not be decoded.');
    // Not idle while one of them was still waiting: the timer starts from the last answer.
    expect(worker?.terminated).toBe(false);
  });

  it('a picture the worker found damaged (the HEIC decoder) fails as DamagedPicture, any other failure as a plain Error', async () => {
    const t = setup();
    const damaged = t.strategy.compress(photo('IMG_1.HEIC'), plan);
    const other = t.strategy.compress(photo('IMG_2.HEIC'), plan);
    const worker = t.workers[0];
    worker?.answer({ id: idOf(worker, 0), ok: false, error: new DamagedPicture('libheif read no image in this HEIC').message });
    worker?.answer({ id: idOf(worker, 1), ok: false, error: 'The HEIC decoder could not be fetched (404)' });
    await expect(damaged).rejects.toBeInstanceOf(DamagedPicture);
    await expect(other).rejects.toThrow('The HEIC decoder could not be fetched (404)');
    await expect(other).rejects.not.toBeInstanceOf(DamagedPicture);
  });

  it('a worker that fails fails what it had, and the next photo gets a fresh one', async () => {
    const t = setup();
    const a = t.strategy.compress(photo('a.jpg'), plan);
    const b = t.strategy.compress(photo('b.jpg'), plan);
    t.workers[0]?.fail();
    await expect(a).rejects.toThrow('The compression worker failed');
    await expect(b).rejects.toThrow('The compression worker failed');
    expect(t.workers[0]?.terminated).toBe(true);

    const c = t.strategy.compress(photo('c.jpg'), plan);
    expect(t.workers).toHaveLength(2);
    const out = new Blob(['c']);
    t.workers[1]?.answer({ id: idOf(t.workers[1], 0), ok: true, blob: out });
    expect(await c).toBe(out);
  });

  it.each([
    ['an answer that is not one', { ok: true, blob: 'not a blob' }],
    ['an answer to a request nobody made', { id: 999, ok: true, blob: new Blob(['x']) }],
  ])('%s ends the worker rather than leave a photo waiting forever', async (_label, data) => {
    const t = setup();
    const a = t.strategy.compress(photo('a.jpg'), plan);
    t.workers[0]?.answer(data);
    await expect(a).rejects.toThrow('Malformed answer from the compression worker');
    expect(t.workers[0]?.terminated).toBe(true);
  });

  it('seals a prepared photo in the same worker as the compression (end-to-end sessions), answered by id', async () => {
    const t = setup();
    const compressed = t.strategy.compress(photo('a.jpg'), plan);
    const prepared = new Blob(['prepared']);
    const sealed = t.strategy.seal({ photo: prepared, publicKey: 'PEM', declared: { mimeType: 'image/jpeg', width: 4, height: 3 } });
    const worker = t.workers[0];
    expect(t.workers).toHaveLength(1);
    expect(worker?.requests[1]).toEqual({ id: idOf(worker, 1), seal: { photo: prepared, publicKey: 'PEM', declared: { mimeType: 'image/jpeg', width: 4, height: 3 } } });
    const envelope = new Blob(['{}'], { type: 'application/vnd.qrdrop.e2e+json' });
    worker?.answer({ id: idOf(worker, 1), ok: true, blob: envelope });
    expect(await sealed).toBe(envelope);
    worker?.answer({ id: idOf(worker, 0), ok: false, error: 'no' });
    await expect(compressed).rejects.toThrow('no');
  });
});

describe('native strategy: the quality hint', () => {
  it('asks the worker to measure and gives its hint; no hint (null) is undefined', async () => {
    const t = setup();
    const blurry = t.strategy.measure({ file: photo('a.jpg'), shown: { width: 4032, height: 3024 } });
    const fine = t.strategy.measure({ file: photo('b.jpg') });
    const worker = t.workers[0];
    expect(worker?.requests.map((request) => ('measure' in request ? request.measure.shown : 'other'))).toEqual([{ width: 4032, height: 3024 }, undefined]);
    worker?.answer({ id: idOf(worker, 0), ok: true, quality: 'blurry' });
    worker?.answer({ id: idOf(worker, 1), ok: true, quality: null });
    expect(await blurry).toBe('blurry');
    expect(await fine).toBeUndefined();
  });

  it('fails a measure answered with a blob, and a compression answered with a quality', async () => {
    const t = setup();
    const measured = t.strategy.measure({ file: photo('a.jpg') });
    const compressed = t.strategy.compress(photo('b.jpg'), plan);
    const worker = t.workers[0];
    worker?.answer({ id: idOf(worker, 0), ok: true, blob: new Blob(['x']) });
    worker?.answer({ id: idOf(worker, 1), ok: true, quality: 'dark' });
    await expect(measured).rejects.toThrow(/quality was asked/);
    await expect(compressed).rejects.toThrow(/blob was asked/);
  });
});
