import type { Socket } from 'node:net';

export type WaitResult = 'changed' | 'timeout' | 'aborted';

export interface WaitOptions {
  /** Starts listening for changes; returns the function that stops it. */
  subscribe: (onChange: () => void) => () => void;
  /** Asked once listening has begun, so a change made just before cannot slip between the check and the wait. */
  changedAlready: () => boolean | Promise<boolean>;
  holdMs: number;
  /** Client gone, server closing. */
  signal: AbortSignal;
}

/**
 * Waits for the first of: a change, `holdMs` elapsing, or `signal` aborting. A waiting request is one listener
 * and one timer and costs no CPU; everything is released whichever comes first. A failing `changedAlready` (the
 * session deleted meanwhile, the database gone) rejects.
 */
export function waitForChange({ subscribe, changedAlready, holdMs, signal }: WaitOptions): Promise<WaitResult> {
  if (signal.aborted) return Promise.resolve('aborted');
  return new Promise((resolve, reject) => {
    let settled = false;
    const release = () => {
      settled = true;
      unsubscribe();
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    };
    const finish = (result: WaitResult) => {
      if (settled) return;
      release();
      resolve(result);
    };
    const onAbort = () => finish('aborted');
    const unsubscribe = subscribe(() => finish('changed'));
    const timer = setTimeout(() => finish('timeout'), holdMs);
    signal.addEventListener('abort', onAbort, { once: true });
    Promise.resolve()
      .then(changedAlready)
      .then(
        (changed) => {
          if (changed) finish('changed');
        },
        (error: unknown) => {
          if (settled) return;
          release();
          reject(error);
        },
      );
  });
}

/**
 * Sets the idle timeout of a request's socket (0 = none). The server cuts sockets idle for 30 s, which would end
 * a held request before it answers. In-process test requests have no real socket, hence the check.
 */
export function extendSocketTimeout(socket: Socket | undefined, ms: number): void {
  if (typeof socket?.setTimeout === 'function') socket.setTimeout(ms);
}
