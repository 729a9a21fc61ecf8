import type { TransportResult, UploadTransport } from './types';

/** The part of XMLHttpRequest the transport uses; tests pass a fake. */
export interface XhrLike {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  send(body: FormData): void;
  abort(): void;
  getAllResponseHeaders(): string;
  readonly status: number;
  readonly responseText: string;
  addEventListener(type: 'load' | 'error' | 'timeout' | 'abort', listener: () => void): void;
  readonly upload: {
    addEventListener(type: 'progress', listener: (event: { loaded: number; total: number; lengthComputable: boolean }) => void): void;
  };
}

/**
 * Uploads with XMLHttpRequest, because fetch() cannot report upload progress.
 * Never throws: every ending is a TransportResult (an answer of any status, no answer, or aborted).
 */
export function createXhrTransport(createXhr: () => XhrLike = () => new XMLHttpRequest()): UploadTransport {
  return {
    send(request, onProgress, signal) {
      return new Promise<TransportResult>((resolve) => {
        if (signal.aborted) {
          resolve({ kind: 'aborted' });
          return;
        }
        const xhr = createXhr();
        let bytesSent = 0;
        let settled = false;
        const settle = (result: TransportResult) => {
          if (settled) return;
          settled = true;
          signal.removeEventListener('abort', onAbort);
          resolve(result);
        };
        const onAbort = () => {
          xhr.abort();
          settle({ kind: 'aborted' });
        };
        signal.addEventListener('abort', onAbort);
        xhr.upload.addEventListener('progress', (event) => {
          bytesSent = event.loaded;
          onProgress(event.loaded, event.lengthComputable ? event.total : 0);
        });
        xhr.addEventListener('load', () => {
          // Status 0 on load means no HTTP answer reached us (blocked, or the connection died).
          if (xhr.status === 0) settle({ kind: 'network-error', bytesSent });
          else settle({ kind: 'response', status: xhr.status, headers: parseHeaders(xhr.getAllResponseHeaders()), bodyText: xhr.responseText });
        });
        xhr.addEventListener('error', () => settle({ kind: 'network-error', bytesSent }));
        xhr.addEventListener('timeout', () => settle({ kind: 'network-error', bytesSent }));
        xhr.addEventListener('abort', () => settle({ kind: 'aborted' }));
        xhr.open('POST', request.url);
        for (const [name, value] of Object.entries(request.headers)) xhr.setRequestHeader(name, value);
        xhr.send(request.body);
      });
    },
  };
}

/** `getAllResponseHeaders()` text → lower-case names (a repeated header keeps its values joined by ", "). */
export function parseHeaders(raw: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of raw.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return headers;
}
