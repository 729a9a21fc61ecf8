import type { CompressionStrategy } from './compress-plan';

/** The strategy did not finish in time: the page says so for that photo, and the others go on. */
export class CompressionTimeout extends Error {
  constructor(readonly strategyName: string, readonly ms: number) {
    super(`${strategyName} did not finish within ${ms} ms`);
    this.name = 'CompressionTimeout';
  }
}

/**
 * Bounds `strategy` in time, so a photo can never stay "preparing" for ever (a library waiting on a worker or
 * a canvas that never answers). On the deadline it rejects with CompressionTimeout and aborts the strategy's
 * signal, so a strategy that listens (browser-image-compression ends its worker) stops its work too.
 */
export function withDeadline(strategy: CompressionStrategy, ms: number): CompressionStrategy {
  return {
    name: strategy.name,
    compress(file, plan, signal) {
      const controller = new AbortController();
      const abortFromCaller = () => controller.abort(signal?.reason);
      signal?.addEventListener('abort', abortFromCaller, { once: true });
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const timeout = new CompressionTimeout(strategy.name, ms);
          controller.abort(timeout);
          reject(timeout);
        }, ms);
      });
      return Promise.race([strategy.compress(file, plan, controller.signal), late]).finally(() => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', abortFromCaller);
      });
    },
  };
}
