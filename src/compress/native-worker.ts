import * as v from 'valibot';
import { encodeNatively } from './native-encode';
import { nativeRequestSchema, type NativeResponse } from './native-messages';

// A dedicated worker: one picture per worker, which the page ends once it has the answer.
self.addEventListener('message', (event: MessageEvent<unknown>) => {
  const request = v.safeParse(nativeRequestSchema, event.data);
  if (!request.success) {
    reply({ ok: false, error: 'Malformed request' });
    return;
  }
  encodeNatively(request.output.file, request.output.plan).then(
    (blob) => reply({ ok: true, blob }),
    (error: unknown) => reply({ ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});

function reply(response: NativeResponse): void {
  self.postMessage(response);
}
