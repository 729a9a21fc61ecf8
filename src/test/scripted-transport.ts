import type { TransportResult, UploadRequest, UploadTransport } from '../upload/types';

/** One request the queue sent; the test decides what happens to it. */
export interface ScriptedCall {
  request: UploadRequest;
  signal: AbortSignal;
  /** Reports upload progress, as XHR's upload.onprogress would. */
  progress(sent: number, total: number): void;
  respond(status: number, body?: unknown, headers?: Record<string, string>): void;
  /** The connection dropped after `bytesSent` bytes. */
  dropConnection(bytesSent?: number): void;
  readonly settled: boolean;
  readonly idempotencyKey: string | undefined;
}

/** A transport whose every answer is scripted by the test (after tus-js-client's TestHttpStack). */
export function createScriptedTransport() {
  const calls: ScriptedCall[] = [];
  const transport: UploadTransport = {
    send(request, onProgress, signal) {
      return new Promise<TransportResult>((resolve) => {
        let settled = false;
        const settle = (result: TransportResult) => {
          if (settled) return;
          settled = true;
          resolve(result);
        };
        signal.addEventListener('abort', () => settle({ kind: 'aborted' }), { once: true });
        calls.push({
          request,
          signal,
          progress: onProgress,
          respond(status, body = {}, headers = {}) {
            const bodyText = typeof body === 'string' ? body : JSON.stringify(body);
            settle({ kind: 'response', status, headers: { 'content-type': 'application/json', ...headers }, bodyText });
          },
          dropConnection(bytesSent = 0) {
            settle({ kind: 'network-error', bytesSent });
          },
          get settled() {
            return settled;
          },
          idempotencyKey: request.headers['Idempotency-Key'],
        });
      });
    },
  };
  return {
    transport,
    calls,
    /** Requests still waiting for an answer. */
    pending: () => calls.filter((call) => !call.settled),
  };
}

/** Lets queued promise callbacks run (no timers involved). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
}
