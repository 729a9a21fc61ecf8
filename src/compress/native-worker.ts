import * as v from 'valibot';
import { encodeNatively } from './native-encode';
import { nativeRequestSchema, type NativeResponse } from './native-messages';

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
  const { id, file, plan } = request.output;
  encodeNatively(file, plan).then(
    (blob) => reply({ id, ok: true, blob }),
    (error: unknown) => reply({ id, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});

function reply(response: NativeResponse): void {
  self.postMessage(response);
}
