import http from 'node:http';
import * as v from 'valibot';

const ImageReady = v.object({ image: v.object({ id: v.string(), size_bytes: v.number() }) });

export interface SessionWatch {
  /** performance.now() of each image:ready, in arrival order, with the stored size. */
  ready: { at: number; bytes: number }[];
  /** Resolves once `count` photos were confirmed; rejects past the deadline. */
  waitFor(count: number, timeoutMs: number): Promise<void>;
  close(): void;
}

/**
 * Follows a session's Server-Sent Events (GET /api/v1/upload/{id}/events, the page route) from the bench process:
 * the moment the server has committed a photo is the moment its `image:ready` arrives on loopback.
 */
export async function watchSession(origin: string, sessionId: string): Promise<SessionWatch> {
  const ready: SessionWatch['ready'] = [];
  const waiters = new Set<() => void>();
  const request = http.get(`${origin}/api/v1/upload/${sessionId}/events`, { headers: { accept: 'text/event-stream' } });
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
    request.once('response', resolve);
    request.once('error', reject);
  });
  if (response.statusCode !== 200) throw new Error(`events stream answered ${response.statusCode}`);
  let buffer = '';
  response.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const name = /^event: (.*)$/m.exec(block)?.[1];
      const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      if (name !== 'image:ready') continue;
      const parsed = v.parse(ImageReady, JSON.parse(data));
      ready.push({ at: performance.now(), bytes: parsed.image.size_bytes });
      for (const wake of waiters) wake();
    }
  });
  response.on('error', () => {});
  return {
    ready,
    waitFor: (count, timeoutMs) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (ready.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${ready.length} of ${count} photos confirmed after ${Math.round(timeoutMs / 1000)} s`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    close: () => request.destroy(),
  };
}
