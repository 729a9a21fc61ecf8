import { describe, expect, it, vi } from 'vitest';
import { RequestFailure } from '../../lib/request-failure';
import { SESSION_ID } from '../../test/session-fixtures';
import type { PageSession } from './get-session';
import { createSessionCache } from './session-cache';

const session = { id: SESSION_ID, status: 'pending' } as PageSession;
const unavailable = () => new RequestFailure({ status: 503 });
const notFound = () => new RequestFailure({ status: 404 });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A cache whose reads answer from `answers` in turn (an Error is thrown), without waiting between retries. */
function cacheAnswering(answers: Array<PageSession | Error>, runnable = async () => undefined) {
  const fetchSession = vi.fn(async () => {
    const answer = answers.shift();
    if (answer === undefined || answer instanceof Error) throw answer ?? new Error('no more answers');
    return answer;
  });
  return { cache: createSessionCache({ fetchSession, retry: { delay: () => 0, runnable } }), fetchSession };
}

describe('the session cache', () => {
  it('never reads a session the server rendered the page with', async () => {
    const { cache, fetchSession } = cacheAnswering([]);
    cache.seed(session);
    cache.read(SESSION_ID);
    await settle();
    expect(fetchSession).not.toHaveBeenCalled();
    expect(cache.state(SESSION_ID).data).toBe(session);
  });

  it('reads once however often it is asked (StrictMode mounts twice), and tells its listeners', async () => {
    const { cache, fetchSession } = cacheAnswering([session]);
    const listener = vi.fn();
    cache.subscribe(SESSION_ID, listener);
    cache.read(SESSION_ID);
    cache.read(SESSION_ID);
    expect(cache.state(SESSION_ID)).toMatchObject({ fetching: true, data: undefined });
    await settle();
    cache.read(SESSION_ID);
    expect(fetchSession).toHaveBeenCalledTimes(1);
    expect(cache.state(SESSION_ID)).toMatchObject({ fetching: false, data: session, failureCount: 0 });
    expect(listener).toHaveBeenCalled();
  });

  it('counts failed attempts while retrying server trouble, then keeps the last failure; "Tap to retry" starts afresh', async () => {
    const { cache, fetchSession } = cacheAnswering([unavailable(), unavailable(), unavailable(), unavailable(), session]);
    const counts: number[] = [];
    cache.subscribe(SESSION_ID, () => counts.push(cache.state(SESSION_ID).failureCount));
    cache.read(SESSION_ID);
    await vi.waitFor(() => expect(cache.state(SESSION_ID).fetching).toBe(false));
    expect(fetchSession).toHaveBeenCalledTimes(4);
    expect(counts).toEqual([0, 1, 2, 3, 4]);
    const failed = cache.state(SESSION_ID);
    expect(failed.error).toBeInstanceOf(RequestFailure);
    expect(failed.errorUpdatedAt).toBeGreaterThan(0);
    cache.read(SESSION_ID);
    expect(fetchSession).toHaveBeenCalledTimes(4);
    cache.retry(SESSION_ID);
    expect(cache.state(SESSION_ID)).toMatchObject({ fetching: true, failureCount: 0 });
    await vi.waitFor(() => expect(cache.state(SESSION_ID).data).toBe(session));
    expect(cache.state(SESSION_ID).error).toBeUndefined();
  });

  it('does not retry what cannot succeed (404)', async () => {
    const { cache, fetchSession } = cacheAnswering([notFound(), session]);
    cache.read(SESSION_ID);
    await vi.waitFor(() => expect(cache.state(SESSION_ID).error).toBeInstanceOf(RequestFailure));
    expect(fetchSession).toHaveBeenCalledTimes(1);
  });

  it('holds a retry until the phone may run it (online and visible)', async () => {
    let allow = () => undefined as void;
    const runnable = () =>
      new Promise<undefined>((resolve) => {
        allow = () => resolve(undefined);
      });
    const { cache, fetchSession } = cacheAnswering([unavailable(), session], runnable);
    cache.read(SESSION_ID);
    await vi.waitFor(() => expect(cache.state(SESSION_ID).failureCount).toBe(1));
    await settle();
    expect(fetchSession).toHaveBeenCalledTimes(1);
    allow();
    await vi.waitFor(() => expect(cache.state(SESSION_ID).data).toBe(session));
    expect(fetchSession).toHaveBeenCalledTimes(2);
  });
});
