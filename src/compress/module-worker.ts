/**
 * Whether this browser starts module workers (`new Worker(url, { type: 'module' })`). Firefox 105–113 has
 * OffscreenCanvas and createImageBitmap but no module workers: there the preparation worker would fail to start
 * on every photo. Feature-tested without starting anything: a browser that knows the option reads `type` while
 * converting the options, before it parses the URL; the URL here never parses, so the constructor throws and no
 * worker is fetched (nothing a CSP could report). One that does not know the option never reads it.
 */
export function moduleWorkerSupported(WorkerClass: unknown = globalThis.Worker): boolean {
  if (typeof WorkerClass !== 'function') return false;
  let readType = false;
  const probe = {
    get type() {
      readType = true;
      return 'classic';
    },
  };
  try {
    const started: unknown = Reflect.construct(WorkerClass, ['http://[', probe]);
    // Not expected (the URL is invalid), but a worker that did start is not left running.
    if (typeof started === 'object' && started !== null && 'terminate' in started && typeof started.terminate === 'function') started.terminate();
  } catch {
    // The invalid URL's SyntaxError: only whether `type` was read counts.
  }
  return readType;
}
