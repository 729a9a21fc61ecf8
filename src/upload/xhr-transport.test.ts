import { describe, expect, it } from 'vitest';
import { createXhrTransport, parseHeaders, type XhrLike } from './xhr-transport';
import type { UploadRequest } from './types';

type Listener = () => void;
type ProgressListener = (event: { loaded: number; total: number; lengthComputable: boolean }) => void;

/** A stand-in XMLHttpRequest: records what the transport does, and lets the test play the network. */
class FakeXhr implements XhrLike {
  status = 0;
  responseText = '';
  rawHeaders = '';
  opened: [string, string] | undefined;
  requestHeaders: Record<string, string> = {};
  sentBody: FormData | undefined;
  aborted = false;
  private listeners = new Map<string, Listener[]>();
  private progressListeners: ProgressListener[] = [];
  readonly upload = {
    addEventListener: (_type: 'progress', listener: ProgressListener) => {
      this.progressListeners.push(listener);
    },
  };
  open(method: string, url: string) {
    this.opened = [method, url];
  }
  setRequestHeader(name: string, value: string) {
    this.requestHeaders[name] = value;
  }
  send(body: FormData) {
    this.sentBody = body;
  }
  abort() {
    this.aborted = true;
    this.fire('abort');
  }
  getAllResponseHeaders() {
    return this.rawHeaders;
  }
  addEventListener(type: string, listener: Listener) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  fire(type: string) {
    for (const listener of this.listeners.get(type) ?? []) listener();
  }
  progress(loaded: number, total: number) {
    for (const listener of this.progressListeners) listener({ loaded, total, lengthComputable: true });
  }
}

function setup() {
  const xhr = new FakeXhr();
  const transport = createXhrTransport(() => xhr);
  const body = new FormData();
  body.append('source', 'camera');
  const request: UploadRequest = { url: '/api/v1/upload/abc/images', headers: { 'Idempotency-Key': 'k-1' }, body };
  const progress: Array<[number, number]> = [];
  const controller = new AbortController();
  const result = transport.send(request, (sent, total) => progress.push([sent, total]), controller.signal);
  return { xhr, result, progress, controller, body };
}

describe('XHR transport', () => {
  it('POSTs the form with the headers and reports upload progress', () => {
    const { xhr, progress, body } = setup();
    expect(xhr.opened).toEqual(['POST', '/api/v1/upload/abc/images']);
    expect(xhr.requestHeaders).toEqual({ 'Idempotency-Key': 'k-1' });
    expect(xhr.sentBody).toBe(body);
    xhr.progress(10, 100);
    xhr.progress(100, 100);
    expect(progress).toEqual([
      [10, 100],
      [100, 100],
    ]);
  });

  it('returns any HTTP answer with its status, lower-case headers and body', async () => {
    const { xhr, result } = setup();
    xhr.status = 429;
    xhr.responseText = '{"statusCode":429}';
    xhr.rawHeaders = 'Retry-After: 3\r\nX-RateLimit-Reset: 1767225600\r\nx-request-id: req-1\r\n';
    xhr.fire('load');
    expect(await result).toEqual({
      kind: 'response',
      status: 429,
      headers: { 'retry-after': '3', 'x-ratelimit-reset': '1767225600', 'x-request-id': 'req-1' },
      bodyText: '{"statusCode":429}',
    });
  });

  it('tells a network error apart from an answer, with the bytes that left', async () => {
    const { xhr, result } = setup();
    xhr.progress(4096, 10_000);
    xhr.fire('error');
    expect(await result).toEqual({ kind: 'network-error', bytesSent: 4096 });
  });

  it('treats a load with status 0 as a network error', async () => {
    const { xhr, result } = setup();
    xhr.fire('load');
    expect(await result).toEqual({ kind: 'network-error', bytesSent: 0 });
  });

  it('aborts the request when the signal fires', async () => {
    const { xhr, result, controller } = setup();
    controller.abort();
    expect(xhr.aborted).toBe(true);
    expect(await result).toEqual({ kind: 'aborted' });
  });

  it('does not even open a request for an already aborted signal', async () => {
    const xhr = new FakeXhr();
    const controller = new AbortController();
    controller.abort();
    const result = createXhrTransport(() => xhr).send({ url: '/x', headers: {}, body: new FormData() }, () => {}, controller.signal);
    expect(await result).toEqual({ kind: 'aborted' });
    expect(xhr.opened).toBeUndefined();
  });
});

describe('parseHeaders', () => {
  it('joins repeated headers and skips malformed lines', () => {
    expect(parseHeaders('A: 1\r\na: 2\r\nnot a header\r\n: empty\r\nB:x:y\r\n')).toEqual({ a: '1, 2', b: 'x:y' });
  });
});
