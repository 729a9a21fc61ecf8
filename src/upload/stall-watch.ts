import { UPLOAD_QUEUE } from './queue-limits';
import type { Clock, TransportResult, UploadRequest, UploadTransport } from './types';

/**
 * Sends one upload, aborting it when no byte has moved for `UPLOAD_QUEUE.stallTimeoutMs`: a connection
 * that silently died (Wi-Fi to 4G, a phone call) otherwise hangs until the operating system gives up,
 * minutes later. A stall ends like a dropped connection (a network error, with the bytes that left),
 * so the queue retries it. The wait for the answer after the last byte counts too: a server that
 * stored the file but never answered is asked again, and the Idempotency-Key makes that safe.
 * Never rejects: a transport that throws counts as a network error.
 */
export function sendWithStallWatch(
  transport: UploadTransport,
  clock: Clock,
  request: UploadRequest,
  onProgress: (sentBytes: number, totalBytes: number) => void,
  signal: AbortSignal,
): Promise<TransportResult> {
  const inner = new AbortController();
  let bytesSent = 0;
  let stalled = false;
  const onStall = () => {
    stalled = true;
    inner.abort();
  };
  let timer = clock.setTimeout(onStall, UPLOAD_QUEUE.stallTimeoutMs);
  const forwardAbort = () => inner.abort();
  signal.addEventListener('abort', forwardAbort, { once: true });
  if (signal.aborted) inner.abort();

  const progress = (sent: number, total: number) => {
    if (sent > bytesSent) {
      bytesSent = sent;
      clock.clearTimeout(timer);
      timer = clock.setTimeout(onStall, UPLOAD_QUEUE.stallTimeoutMs);
    }
    onProgress(sent, total);
  };
  return transport
    .send(request, progress, inner.signal)
    .catch((): TransportResult => ({ kind: 'network-error', bytesSent }))
    .then((result): TransportResult => {
      clock.clearTimeout(timer);
      signal.removeEventListener('abort', forwardAbort);
      if (stalled) return { kind: 'network-error', bytesSent };
      // Progress events may have seen more bytes leave than the transport could tell at the error.
      if (result.kind === 'network-error') return { kind: 'network-error', bytesSent: Math.max(result.bytesSent, bytesSent) };
      return result;
    });
}
