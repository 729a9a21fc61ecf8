import * as v from 'valibot';
import { importRsaOaepKey, sealPhoto } from '../lib/e2e-envelope';
import { measurePhoto } from './measure-photo';
import { encodeNatively } from './native-encode';
import { nativeRequestSchema, type NativeResponse, type SealRequest } from './native-messages';

const withId = v.object({ id: v.number() });

// The page keeps this worker while photos are being prepared (native-strategy.ts); each answer carries its request's id.
self.addEventListener('message', (event: MessageEvent<unknown>) => {
  const request = v.safeParse(nativeRequestSchema, event.data);
  if (!request.success) {
    // It fails alone when its id can be read; otherwise the page gets an id it never gave, drops this worker
    // and fails what it was waiting for.
    reply({ id: v.is(withId, event.data) ? event.data.id : -1, ok: false, error: 'Malformed request' });
    return;
  }
  const { id } = request.output;
  const failed = (error: unknown) => reply({ id, ok: false, error: error instanceof Error ? error.message : String(error) });
  if ('measure' in request.output) {
    const { file, shown } = request.output.measure;
    measurePhoto(file, shown).then((quality) => reply({ id, ok: true, quality: quality ?? null }), failed);
    return;
  }
  if ('seal' in request.output) {
    seal(request.output.seal).then((blob) => reply({ id, ok: true, blob }), failed);
    return;
  }
  encodeNatively(request.output.file, request.output.plan).then(
    ({ blob, look }) => reply({ id, ok: true, blob, ...(look === undefined ? {} : { look: { quality: look.quality ?? null, preview: look.preview } }) }),
    failed,
  );
});

/** The integrator's key, imported once per key for the worker's life (one session's photos share it). */
const keys = new Map<string, Promise<CryptoKey>>();

/** End-to-end: the prepared photo sealed here, off the page's main thread (base64 and JSON of megabytes included). */
function seal({ photo, publicKey, declared }: SealRequest): Promise<Blob> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) return Promise.reject(new Error('No WebCrypto in the worker'));
  let key = keys.get(publicKey);
  if (key === undefined) {
    key = importRsaOaepKey(publicKey, subtle);
    keys.set(publicKey, key);
  }
  return key.then((imported) => sealPhoto(photo, imported, declared, subtle));
}

function reply(response: NativeResponse): void {
  self.postMessage(response);
}
