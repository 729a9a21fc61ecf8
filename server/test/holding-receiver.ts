import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback webhook receiver that holds the answer to the requests `hold(n)` picks (n = 1 for the first) until
 * `answerHeld`, and keeps each request's delivery id (`idHeader`: x-aptr-delivery-id for photos,
 * x-apertur-delivery-id for events) in arrival order.
 */
export async function holdingReceiver(hold: (n: number) => boolean, idHeader: string) {
  const ids: string[] = [];
  const held: http.ServerResponse[] = [];
  const waiters: (() => void)[] = [];
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      ids.push(String(request.headers[idHeader]));
      if (hold(ids.length)) held.push(response);
      else response.writeHead(200).end();
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const until = async (count: number) => {
    while (ids.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    ids,
    until,
    answerHeld: () => {
      for (const response of held.splice(0)) response.writeHead(200).end();
    },
    close: () => {
      for (const response of held.splice(0)) response.destroy();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
