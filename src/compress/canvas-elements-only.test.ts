import { describe, expect, it } from 'vitest';
import { withCanvasElementsOnly } from './canvas-elements-only';

/** A global scope whose OffscreenCanvas has (or lacks) convertToBlob, as the engines' fallback scenario makes it. */
function scopeWith(convertToBlob: boolean): { OffscreenCanvas?: unknown } {
  class FakeOffscreenCanvas {}
  if (convertToBlob) Object.assign(FakeOffscreenCanvas.prototype, { convertToBlob: () => Promise.resolve(new Blob()) });
  const scope = {};
  Object.defineProperty(scope, 'OffscreenCanvas', { value: FakeOffscreenCanvas, writable: true, configurable: true, enumerable: false });
  return scope;
}

describe('withCanvasElementsOnly', () => {
  it('hides an OffscreenCanvas that cannot write while the library runs, and gives it back after', async () => {
    const scope = scopeWith(false);
    const original = scope.OffscreenCanvas;
    const seen = await withCanvasElementsOnly(async () => typeof scope.OffscreenCanvas, scope);
    expect(seen).toBe('undefined');
    expect(scope.OffscreenCanvas).toBe(original);
    expect(Object.getOwnPropertyDescriptor(scope, 'OffscreenCanvas')?.enumerable).toBe(false);
  });

  it('gives it back when the library fails', async () => {
    const scope = scopeWith(false);
    const original = scope.OffscreenCanvas;
    await expect(withCanvasElementsOnly(() => Promise.reject(new Error('broken')), scope)).rejects.toThrow('broken');
    expect(scope.OffscreenCanvas).toBe(original);
  });

  it('leaves an OffscreenCanvas that can write alone', async () => {
    const scope = scopeWith(true);
    const original = scope.OffscreenCanvas;
    expect(await withCanvasElementsOnly(async () => scope.OffscreenCanvas, scope)).toBe(original);
  });

  it('overlapping runs give it back only when the last one ends', async () => {
    const scope = scopeWith(false);
    const original = scope.OffscreenCanvas;
    let endFirst = () => undefined as void;
    const first = withCanvasElementsOnly(() => new Promise<void>((resolve) => (endFirst = resolve)), scope);
    const inSecond = await withCanvasElementsOnly(async () => scope.OffscreenCanvas, scope);
    expect(inSecond).toBeUndefined();
    expect(scope.OffscreenCanvas).toBeUndefined();
    endFirst();
    await first;
    expect(scope.OffscreenCanvas).toBe(original);
  });
});
