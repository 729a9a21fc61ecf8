import { useQuery } from '@tanstack/react-query';

/**
 * Desktop browsers but Safari cannot show HEIC: its preview is made in a worker (heic-preview-worker.ts) with the
 * phone page's WebAssembly decoder, fetched from qrdrop the first time a HEIC photo is on screen. One worker for
 * the page's previews, started on the first; each preview kept like the photo it shows (photos never change).
 */
let worker: Worker | undefined;
let lastId = 0;
const waiting = new Map<number, (blob: Blob | null) => void>();

function previewWorker(): Worker {
  if (worker !== undefined) return worker;
  const started = new Worker(new URL('./heic-preview-worker.ts', import.meta.url), { type: 'module' });
  started.addEventListener('message', (event: MessageEvent<{ id: number; blob: Blob | null }>) => {
    waiting.get(event.data.id)?.(event.data.blob);
    waiting.delete(event.data.id);
  });
  started.addEventListener('error', () => {
    // A worker that fails (its script or the decoder not loaded) fails what it had; the next preview starts another.
    worker = undefined;
    started.terminate();
    for (const done of waiting.values()) done(null);
    waiting.clear();
  });
  worker = started;
  return started;
}

/** A `blob:` URL of a JPEG of the HEIC at `url` (itself a `blob:` URL of the received photo). */
async function heicPreviewUrl(url: string): Promise<string> {
  const file = await (await fetch(url)).blob();
  lastId += 1;
  const id = lastId;
  const blob = await new Promise<Blob | null>((resolve) => {
    waiting.set(id, resolve);
    previewWorker().postMessage({ id, file });
  });
  if (blob === null) throw new Error('This HEIC cannot be previewed');
  return URL.createObjectURL(blob);
}

/** The preview of a received photo of type `type` at `url`, when it is a HEIC; disabled otherwise. */
export const useHeicPreview = (url: string | undefined, type: string | undefined) =>
  useQuery({
    queryKey: ['desktop', 'heic-preview', url] as const,
    queryFn: () => heicPreviewUrl(url ?? ''),
    enabled: url !== undefined && type === 'image/heic',
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
