import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CompressPlan, CompressionStrategy } from './compress-plan';
import { CompressionTimeout, withDeadline } from './deadline-strategy';

const plan: CompressPlan = { targetType: 'image/jpeg', maxBytes: 100, shown: { width: 40, height: 30 } };
const file = new File([new Uint8Array(10)], 'x.jpg', { type: 'image/jpeg' });

describe('withDeadline', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('gives the result of a strategy that finishes in time', async () => {
    const blob = new Blob([new Uint8Array(5)]);
    const bounded = withDeadline({ name: 'quick', compress: async () => blob }, 1_000);
    await expect(bounded.compress(file, plan)).resolves.toBe(blob);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with CompressionTimeout when the strategy never answers, and aborts its signal', async () => {
    let seen: AbortSignal | undefined;
    const never: CompressionStrategy = { name: 'stuck', compress: (_file, _plan, signal) => ((seen = signal), new Promise<Blob>(() => undefined)) };
    const result = withDeadline(never, 1_000).compress(file, plan);
    const settled = result.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(999);
    expect(seen?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await settled;
    expect(error).toBeInstanceOf(CompressionTimeout);
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBe(error);
  });

  it('passes on a failure of the strategy as it is', async () => {
    const failing = withDeadline({ name: 'broken', compress: () => Promise.reject(new TypeError('no canvas')) }, 1_000);
    await expect(failing.compress(file, plan)).rejects.toThrow(TypeError);
  });

  it('aborts the strategy when the caller aborts', async () => {
    let seen: AbortSignal | undefined;
    const caller = new AbortController();
    const never: CompressionStrategy = { name: 'stuck', compress: (_file, _plan, signal) => ((seen = signal), new Promise<Blob>(() => undefined)) };
    void withDeadline(never, 1_000).compress(file, plan, caller.signal).catch(() => undefined);
    caller.abort();
    expect(seen?.aborted).toBe(true);
  });
});
