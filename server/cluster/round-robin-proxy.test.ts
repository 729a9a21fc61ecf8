import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type RoundRobinProxy, startRoundRobinProxy } from './round-robin-proxy';

/** An instance that answers with its name, the body it received, and what the proxy told it. */
async function instance(name: string, handle?: http.RequestListener): Promise<{ url: string; server: http.Server }> {
  const server = http.createServer(
    handle ??
      ((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ name, body: Buffer.concat(chunks).toString(), forwardedFor: request.headers['x-forwarded-for'] ?? null }));
        });
      }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});
const closeServer = (server: http.Server) => () =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

async function proxyOver(urls: string[], downForMs?: number): Promise<RoundRobinProxy> {
  const proxy = await startRoundRobinProxy(urls, downForMs === undefined ? {} : { downForMs });
  closers.push(proxy.close);
  return proxy;
}

describe('round-robin proxy', () => {
  it('sends each request to the next instance in turn, with its body and the client address', async () => {
    const a = await instance('a');
    const b = await instance('b');
    closers.push(closeServer(a.server), closeServer(b.server));
    const proxy = await proxyOver([a.url, b.url]);
    const names: string[] = [];
    for (let i = 0; i < 4; i++) {
      const answer = (await (await fetch(proxy.url, { method: 'POST', body: `photo ${i}` })).json()) as { name: string; body: string; forwardedFor: string };
      expect(answer.body).toBe(`photo ${i}`);
      expect(answer.forwardedFor).toBe('127.0.0.1');
      names.push(answer.name);
    }
    expect(names).toEqual(['a', 'b', 'a', 'b']);
    expect(proxy.served).toEqual([2, 2]);
  });

  it('streams an event stream as it comes, without waiting for its end', async () => {
    let finish: (() => void) | undefined;
    const sse = await instance('sse', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: first\n\n');
      finish = () => response.end();
    });
    closers.push(closeServer(sse.server));
    const proxy = await proxyOver([sse.url]);
    const answer = await fetch(proxy.url);
    const reader = (answer.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('data: first\n\n');
    finish?.();
    await reader.cancel();
  });

  it('answers 502 with the error envelope when an instance is down, then leaves it out of the rotation', async () => {
    const live = await instance('live');
    const dead = await instance('dead');
    await closeServer(dead.server)();
    closers.push(closeServer(live.server));
    const proxy = await proxyOver([dead.url, live.url], 60_000);
    const first = await fetch(proxy.url);
    expect(first.status).toBe(502);
    expect(await first.json()).toMatchObject({ statusCode: 502, code: 'bad_gateway' });
    const names: string[] = [];
    for (let i = 0; i < 3; i++) names.push(((await (await fetch(proxy.url)).json()) as { name: string }).name);
    expect(names).toEqual(['live', 'live', 'live']);
  });
});
