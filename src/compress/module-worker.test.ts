import { afterEach, describe, expect, it, vi } from 'vitest';
import { moduleWorkerSupported } from './module-worker';
import { measureInWorkerSupported, nativeStrategy, nativeSupported } from './native-strategy';
import { choosePreparation } from './prepare-for-upload';
import type { CompressionStrategy } from './compress-plan';

/** A Worker constructor as browsers have it: options converted first (WebIDL), then the URL parsed. */
function fakeWorker(knowsType: boolean, started: string[] = []) {
  return class {
    constructor(url: string, options?: { type?: string }) {
      if (knowsType) started.push(`type=${options?.type ?? 'classic'}`);
      if (URL.canParse(url, 'http://localhost/')) started.push(url);
      else throw new SyntaxError(`Failed to construct 'Worker': ${url} is not a valid URL`);
    }
    terminate() {
      started.push('terminated');
    }
  };
}

/** Firefox 105–113: OffscreenCanvas with convertToBlob and createImageBitmap, workers, but no module workers. */
function stubFirefox113(knowsType: boolean) {
  vi.stubGlobal('Worker', fakeWorker(knowsType));
  vi.stubGlobal('createImageBitmap', () => Promise.resolve({}));
  vi.stubGlobal('OffscreenCanvas', class { convertToBlob() { return Promise.resolve(new Blob()); } });
}

afterEach(() => vi.unstubAllGlobals());

describe('moduleWorkerSupported', () => {
  it('is true where the Worker constructor reads the type option, and starts no worker to find out', () => {
    const started: string[] = [];
    expect(moduleWorkerSupported(fakeWorker(true, started))).toBe(true);
    // The option was read (as "classic"), the URL never parsed: nothing fetched, nothing left running.
    expect(started).toEqual(['type=classic']);
  });

  it('is false where the option is not known (Firefox before 114), without throwing', () => {
    const started: string[] = [];
    expect(moduleWorkerSupported(fakeWorker(false, started))).toBe(false);
    expect(started).toEqual([]);
  });

  it('is false without workers at all, or with a constructor that throws on anything', () => {
    expect(moduleWorkerSupported(undefined)).toBe(false);
    expect(moduleWorkerSupported({})).toBe(false);
    expect(
      moduleWorkerSupported(function Refusing() {
        throw new DOMException('Workers are disabled', 'SecurityError');
      }),
    ).toBe(false);
  });

  it('ends a worker that did start after all', () => {
    const started: string[] = [];
    const Lenient = class {
      constructor(_url: string, options?: { type?: string }) {
        started.push(`type=${options?.type ?? 'classic'}`);
      }
      terminate() {
        started.push('terminated');
      }
    };
    expect(moduleWorkerSupported(Lenient)).toBe(true);
    expect(started).toEqual(['type=classic', 'terminated']);
  });
});

describe('the preparation path', () => {
  const library: CompressionStrategy = { name: 'browser-image-compression', compress: () => Promise.resolve(new Blob()) };

  it('Firefox 113: neither the preparation worker nor the quality measure in it; photos go through the library', () => {
    stubFirefox113(false);
    expect(nativeSupported()).toBe(false);
    expect(measureInWorkerSupported()).toBe(false);
    const chosen = choosePreparation(nativeSupported() ? nativeStrategy : undefined, library);
    expect(chosen.strategy).toBe(library);
    expect(chosen.sealInWorker).toBeUndefined();
    expect(chosen.lookOf).toBeUndefined();
  });

  it('Firefox 114 and later: the preparation worker first, the library behind it', () => {
    stubFirefox113(true);
    expect(nativeSupported()).toBe(true);
    expect(measureInWorkerSupported()).toBe(true);
    const chosen = choosePreparation(nativeSupported() ? nativeStrategy : undefined, library);
    expect(chosen.strategy.name).toBe('native, else browser-image-compression');
    expect(chosen.sealInWorker).toBe(nativeStrategy.seal);
  });
});
