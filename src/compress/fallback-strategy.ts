import type { CompressionStrategy } from './compress-plan';

/**
 * Tries `first`; if it cannot do the picture (no decoder in a worker, no OffscreenCanvas...) or cannot get it
 * under the byte target, `second` does.
 */
export function withFallback(first: CompressionStrategy, second: CompressionStrategy): CompressionStrategy {
  return {
    name: `${first.name}, else ${second.name}`,
    async compress(file, plan) {
      try {
        const blob = await first.compress(file, plan);
        if (blob.size <= plan.maxBytes) return blob;
      } catch {
        // Not for this strategy: the next one tries.
      }
      return second.compress(file, plan);
    },
  };
}
