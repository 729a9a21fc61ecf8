import type { CompressionStrategy } from './compress-plan';
import { DamagedPicture } from '../image-bytes/damaged-picture';

/**
 * Tries `first`; if it cannot do the picture (no decoder in a worker, no OffscreenCanvas...) or cannot get it
 * under the byte target, `second` does; not when the picture itself is damaged (src/image-bytes/damaged-picture.ts).
 */
export function withFallback(first: CompressionStrategy, second: CompressionStrategy): CompressionStrategy {
  return {
    name: `${first.name}, else ${second.name}`,
    async compress(file, plan) {
      try {
        const blob = await first.compress(file, plan);
        if (blob.size <= plan.maxBytes) return blob;
      } catch (error) {
        // A broken picture is broken for every strategy; anything else is not for this one: the next one tries.
        if (error instanceof DamagedPicture) throw error;
      }
      return second.compress(file, plan);
    },
  };
}
