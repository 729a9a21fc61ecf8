import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface OpenRequest {
  request: http.ClientRequest;
  /** Settles with the answer (even one sent before the body was finished), or rejects when none came. */
  response: Promise<RawResponse>;
  /** True once any answer has started arriving. */
  answered: () => boolean;
}

/** Listens on 127.0.0.1, random port. Returns the port. */
export async function listenLocal(app: FastifyInstance): Promise<number> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
  return (address satisfies AddressInfo).port;
}

/** A POST whose body the test writes itself, piece by piece, over a real socket (no keep-alive). */
export function openPost(port: number, path: string, headers: http.OutgoingHttpHeaders): OpenRequest {
  const request = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers, agent: false });
  let answered = false;
  const response = new Promise<RawResponse>((resolve, reject) => {
    request.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    // Writing into a socket the server has closed fails; that is expected once an answer has come.
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
  });
  // Tests that expect no answer await the rejection later; until then it must not count as unhandled.
  response.catch(() => {});
  return { request, response, answered: () => answered };
}

/** Writes, honouring back-pressure; resolves false when the request stopped being writable (answered or closed). */
export function writeChunk(open: OpenRequest, chunk: Buffer): Promise<boolean> {
  const { request } = open;
  if (open.answered() || request.destroyed || request.writableEnded) return Promise.resolve(false);
  if (request.write(chunk)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (writable: boolean) => {
      request.off('drain', onDrain);
      request.off('response', onStop);
      request.off('close', onStop);
      resolve(writable);
    };
    const onDrain = () => done(true);
    const onStop = () => done(false);
    request.once('drain', onDrain);
    request.once('response', onStop);
    request.once('close', onStop);
  });
}
