import { afterEach, describe, expect, it, vi } from 'vitest';
import { RequestFailure } from './request-failure';
import { waitUntilRunnable, withRetry } from './with-retry';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => vi.unstubAllGlobals());

describe('withRetry', () => {
  it('retries what can succeed, with the count of failures so far, and answers the first success', async () => {
    const attempt = vi.fn().mockRejectedValueOnce(new RequestFailure({ status: 503 })).mockRejectedValueOnce(new RequestFailure({ status: null })).mockResolvedValue('ok');
    const failures: number[] = [];
    const answer = await withRetry(attempt, { delay: () => 0, runnable: async () => undefined, onFailure: (count) => failures.push(count) });
    expect(answer).toBe('ok');
    expect(failures).toEqual([1, 2]);
  });

  it('throws the last failure after three retries, and a final one (410) at once', async () => {
    const attempt = vi.fn().mockRejectedValue(new RequestFailure({ status: 503 }));
    await expect(withRetry(attempt, { delay: () => 0, runnable: async () => undefined })).rejects.toMatchObject({ status: 503 });
    expect(attempt).toHaveBeenCalledTimes(4);
    const gone = vi.fn().mockRejectedValue(new RequestFailure({ status: 410 }));
    await expect(withRetry(gone, { delay: () => 0 })).rejects.toMatchObject({ status: 410 });
    expect(gone).toHaveBeenCalledTimes(1);
  });
});

describe('waitUntilRunnable', () => {
  it('waits while the phone is offline, and goes once it is back online', async () => {
    vi.stubGlobal('navigator', { ...navigator, onLine: false });
    let ran = false;
    void waitUntilRunnable().then(() => (ran = true));
    await settle();
    expect(ran).toBe(false);
    vi.stubGlobal('navigator', { ...navigator, onLine: true });
    window.dispatchEvent(new Event('online'));
    await settle();
    expect(ran).toBe(true);
  });
});
