interface Hidden {
  runs: number;
  descriptor: PropertyDescriptor;
}

const hidden = new WeakMap<object, Hidden>();

/**
 * browser-image-compression draws on an OffscreenCanvas whenever the constructor exists, and then writes with its
 * `convertToBlob`. A browser that has the one without the other (the engines' fallback scenario; WebKit's worker
 * attempt fails first, as the library reads Safari's photos through <img>, which workers lack) makes the library
 * fail every photo with "convertToBlob is not a function". While `run` goes, this hides OffscreenCanvas from
 * `scope`, so the library draws on <canvas> elements and writes with toDataURL; overlapping runs share one hiding.
 * An OffscreenCanvas that can write is left alone.
 */
export async function withCanvasElementsOnly<T>(run: () => Promise<T>, scope: object = globalThis): Promise<T> {
  const state = hidden.get(scope) ?? hide(scope);
  if (state === undefined) return run();
  state.runs += 1;
  try {
    return await run();
  } finally {
    state.runs -= 1;
    if (state.runs === 0) {
      hidden.delete(scope);
      Object.defineProperty(scope, 'OffscreenCanvas', state.descriptor);
    }
  }
}

function hide(scope: object): Hidden | undefined {
  const descriptor = Object.getOwnPropertyDescriptor(scope, 'OffscreenCanvas');
  const constructor: unknown = descriptor?.value;
  if (descriptor === undefined || !descriptor.configurable || typeof constructor !== 'function') return undefined;
  if (typeof (constructor.prototype as { convertToBlob?: unknown }).convertToBlob === 'function') return undefined;
  const state: Hidden = { runs: 0, descriptor };
  hidden.set(scope, state);
  Object.defineProperty(scope, 'OffscreenCanvas', { value: undefined, writable: true, configurable: true, enumerable: false });
  return state;
}
