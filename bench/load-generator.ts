import http from 'node:http';

/** One request of a load run. The same request list goes to the real server and to the raw sink. */
export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: http.OutgoingHttpHeaders;
  body?: Buffer;
}

export interface LoadResult {
  /** Requests answered with the expected status. */
  ok: number;
  /** Wrong status, connection error, or cut by the deadline; the first few statuses/errors are kept. */
  failures: number;
  failureSamples: string[];
  wallMs: number;
  /** Per request, ms from sending the first byte to the end of the answer (successful ones only). */
  latenciesMs: number[];
  /** Request body bytes of the successful requests. */
  bodyBytes: number;
}

export interface LoadOptions {
  /** Several ports: request i goes to port i mod n, as a round-robin load balancer would send it (without its hop). */
  port: number | readonly number[];
  concurrency: number;
  /** Request i of the run (0-based); the run sends exactly `total`. */
  request: (index: number) => LoadRequest;
  total: number;
  expectStatus: number;
  /** The run stops (and counts what is left as failures) past this. */
  deadlineMs: number;
}

const FAILURE_SAMPLES = 5;

/**
 * A bounded closed-loop load generator on loopback: `concurrency` workers on kept-alive sockets, each sending its
 * next request as soon as the previous one is answered, until `total` were sent or the deadline passed.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const ports = typeof options.port === 'number' ? [options.port] : options.port;
  const result: LoadResult = { ok: 0, failures: 0, failureSamples: [], wallMs: 0, latenciesMs: [], bodyBytes: 0 };
  const fail = (why: string) => {
    result.failures++;
    if (result.failureSamples.length < FAILURE_SAMPLES) result.failureSamples.push(why);
  };
  const started = performance.now();
  const deadline = started + options.deadlineMs;
  let next = 0;

  const worker = async () => {
    while (next < options.total) {
      const index = next++;
      if (performance.now() > deadline) {
        fail('deadline');
        continue;
      }
      const request = options.request(index);
      const sent = performance.now();
      const answer = await send(ports[index % ports.length] ?? 0, agent, request, deadline - sent);
      if (answer.status === options.expectStatus) {
        result.ok++;
        result.latenciesMs.push(performance.now() - sent);
        result.bodyBytes += request.body?.length ?? 0;
      } else {
        fail(answer.error ?? `${answer.status}: ${answer.body.slice(0, 200)}`);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    agent.destroy();
  }
  result.wallMs = performance.now() - started;
  return result;
}

interface Answer {
  status: number;
  body: string;
  error?: string;
}

function send(port: number, agent: http.Agent, request: LoadRequest, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve) => {
    const headers = { ...request.headers, ...(request.body ? { 'content-length': request.body.length } : {}) };
    const req = http.request({ host: '127.0.0.1', port, agent, method: request.method, path: request.path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (error) => resolve({ status: 0, body: '', error: error.message }));
    });
    req.setTimeout(Math.max(1, timeoutMs), () => req.destroy(new Error('deadline')));
    req.on('error', (error) => resolve({ status: 0, body: '', error: error.message }));
    req.end(request.body);
  });
}
