import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorBody } from '../errors';

/**
 * A small round-robin load balancer for the cluster demo and the two-process tests (loopback only): each request
 * goes to the next instance in turn, streamed both ways (an upload is never buffered, a `text/event-stream` goes out
 * as it comes), with the client's address in X-Forwarded-For. It behaves as the README asks of a production load
 * balancer in front of qrdrop: no sticky sessions, no response buffering, no idle timeout shorter than a long poll.
 * An instance that refuses a connection is skipped for a while (passive health check); the request that met it is
 * answered 502, and the phone's queue sends it again.
 */
export interface RoundRobinProxy {
  /** http://127.0.0.1:<port> */
  url: string;
  /** How many requests each instance was given, in the order of `upstreams`. */
  served: number[];
  close: () => Promise<void>;
}

export interface ProxyOptions {
  /** How long an instance that refused a connection is left out of the rotation. */
  downForMs?: number;
  port?: number;
  now?: () => number;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

export async function startRoundRobinProxy(upstreams: string[], options: ProxyOptions = {}): Promise<RoundRobinProxy> {
  if (upstreams.length === 0) throw new Error('a round-robin proxy needs at least one instance');
  const { downForMs = 5_000, port = 0, now = Date.now } = options;
  const targets = upstreams.map((base) => new URL(base));
  const served = targets.map(() => 0);
  const downUntil = targets.map(() => 0);
  const agent = new http.Agent({ keepAlive: true });
  let turn = 0;

  /** The next instance in turn that is not left out; all left out: the next in turn anyway. */
  const pick = (): number => {
    for (let tried = 0; tried < targets.length; tried++) {
      const index = (turn + tried) % targets.length;
      if ((downUntil[index] ?? 0) <= now()) {
        turn = index + 1;
        return index;
      }
    }
    return turn++ % targets.length;
  };

  const server = http.createServer((request, response) => {
    const index = pick();
    const target = targets[index] as URL;
    served[index] = (served[index] ?? 0) + 1;
    const headers: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(request.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
    const client = request.socket.remoteAddress ?? '127.0.0.1';
    headers['x-forwarded-for'] = request.headers['x-forwarded-for'] === undefined ? client : `${String(request.headers['x-forwarded-for'])}, ${client}`;
    headers['x-forwarded-proto'] = 'http';

    const upstream = http.request(
      { host: target.hostname, port: target.port, method: request.method, path: request.url, headers, agent },
      (answer) => {
        const out: http.OutgoingHttpHeaders = {};
        for (const [name, value] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(name) && value !== undefined) out[name] = value;
        response.writeHead(answer.statusCode ?? 502, out);
        // Each chunk goes out as it arrives (SSE, a download): nothing is held back.
        response.flushHeaders();
        answer.pipe(response);
        answer.on('error', () => response.destroy());
      },
    );
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED' || error.code === 'ECONNRESET') downUntil[index] = now() + downForMs;
      if (response.headersSent) {
        response.destroy();
        return;
      }
      response.writeHead(502, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify(errorBody(502, 'The server is restarting; please try again.', 'bad_gateway')));
    });
    // The client went away (a closed SSE stream, a cancelled upload): so does the request to the instance.
    response.on('close', () => {
      if (!response.writableFinished) upstream.destroy();
    });
    request.pipe(upstream);
  });
  // Long polls and event streams are held for minutes: no request or idle timeout of the proxy's own.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}
