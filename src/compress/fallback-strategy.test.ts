import { describe, expect, it } from 'vitest';
import type { CompressPlan, CompressionStrategy } from './compress-plan';
import { DamagedPicture } from '../image-bytes/damaged-picture';
import { withFallback } from './fallback-strategy';

const plan: CompressPlan = { targetType: 'image/jpeg', maxBytes: 100, shown: { width: 40, height: 30 } };
const blobOf = (size: number) => new Blob([new Uint8Array(size)]);
const strategy = (name: string, compress: CompressionStrategy['compress']): CompressionStrategy => ({ name, compress });

describe('withFallback', () => {
  it('uses the first strategy when it does the job', async () => {
    const first = blobOf(50);
    const chain = withFallback(
      strategy('a', async () => first),
      strategy('b', () => Promise.reject(new Error('must not be called'))),
    );
    expect(await chain.compress(new File([], 'x.jpg'), plan)).toBe(first);
  });

  it('falls back when the first cannot decode the picture', async () => {
    const second = blobOf(60);
    const chain = withFallback(
      strategy('a', () => Promise.reject(new Error('no decoder in this worker'))),
      strategy('b', async () => second),
    );
    expect(await chain.compress(new File([], 'x.heic'), plan)).toBe(second);
  });

  it('falls back when the first cannot get under the byte target', async () => {
    const second = blobOf(90);
    const chain = withFallback(
      strategy('a', async () => blobOf(500)),
      strategy('b', async () => second),
    );
    expect(await chain.compress(new File([], 'x.jpg'), plan)).toBe(second);
  });

  it('does not try the second on a picture the first found damaged: it is damaged for both', async () => {
    let secondCalls = 0;
    const chain = withFallback(
      strategy('a', () => Promise.reject(new DamagedPicture('libheif read no image in this HEIC'))),
      strategy('b', async () => {
        secondCalls += 1;
        return blobOf(10);
      }),
    );
    await expect(chain.compress(new File([], 'x.heic'), plan)).rejects.toBeInstanceOf(DamagedPicture);
    expect(secondCalls).toBe(0);
  });
});
