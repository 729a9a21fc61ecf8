import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { E2E_API_KEY } from '../../playwright.config';
import { ENGINE_PORTS } from './ports';

/**
 * A real qrdrop server on a private port (env as playwright.config.ts's webServer), and in front of it a small
 * proxy every engine talks to. The proxy puts the harness's init script first in every HTML page, served from
 * the same origin (the page's CSP allows only 'self' scripts): that is how WebKitWebDriver, which has no
 * "add init script", gets one, and how errors are caught the same way in every engine. It can also drop the
 * network (offline) for every engine alike, and hold back chosen files (the page's main bundle) until the page itself
 * asks for RELEASE_PATH, so a scenario can act on the painted page before its script runs, in engines whose
 * driver waits for the page to load before it does anything.
 */
const DATA_DIR = `.tmp/engines-data/${ENGINE_PORTS.server}`;
export const BASE_URL = `http://127.0.0.1:${ENGINE_PORTS.proxy}`;
export const API_URL = `http://127.0.0.1:${ENGINE_PORTS.server}`;
export const INIT_PATH = '/__engines/init.js';
/** Lets go of what `hold` holds back (asked for by the page's init script). */
export const RELEASE_PATH = '/__engines/release';

/** Records uncaught errors, unhandled rejections and console.error into window.__enginesErrors. */
const CATCH_ERRORS = `(() => {
  const errors = (window.__enginesErrors = []);
  addEventListener('error', (e) => errors.push('uncaught: ' + (e.error && e.error.stack ? e.error.message : e.message)));
  addEventListener('unhandledrejection', (e) => errors.push('unhandled rejection: ' + (e.reason && e.reason.message ? e.reason.message : String(e.reason))));
  const consoleError = console.error.bind(console);
  console.error = (...args) => { errors.push('console.error: ' + args.map(String).join(' ')); consoleError(...args); };
})();`;

export interface HarnessServer {
  /** Extra script run before the page's own, on every page load, until changed. */
  setInitScript(source: string): void;
  setOffline(offline: boolean): void;
  /** Bytes per second for request bodies sent to qrdrop (0: no limit), so a queue is still sending when a test acts. */
  setThrottle(bytesPerSecond: number): void;
  /** Holds back every request whose path matches, until RELEASE_PATH is asked for or `hold(null)`. */
  hold(path: RegExp | null): void;
  stop(): Promise<void>;
}

export async function startHarnessServer(): Promise<HarnessServer> {
  if (await fetch(`${API_URL}/healthz`).then(() => true, () => false)) throw new Error(`port ${ENGINE_PORTS.server} is taken: set ENGINES_PORT`);
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
  const server: ChildProcess = spawn('npx', ['tsx', 'server/main.ts'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
    env: {
      ...process.env,
      PORT: String(ENGINE_PORTS.server),
      HOST: '127.0.0.1',
      DATA_DIR,
      PUBLIC_URL: BASE_URL,
      QRDROP_API_KEYS: E2E_API_KEY,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_SESSION_CREATES: '100000',
      RATE_LIMIT_SESSION_READS: '100000',
      RATE_LIMIT_OTHER: '100000',
    },
  });
  await waitFor(`${API_URL}/healthz`);

  let extra = '';
  let offline = false;
  let throttle = 0;
  let held: { path: RegExp; waiting: (() => void)[] } | null = null;
  const release = (): void => {
    const waiting = held?.waiting ?? [];
    held = null;
    for (const resume of waiting) resume();
  };
  const proxy = http.createServer((request, response) => {
    if (offline) {
      request.socket.destroy();
      return;
    }
    if (request.url?.startsWith(INIT_PATH)) {
      response.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
      response.end(`${CATCH_ERRORS}\n${extra}`);
      return;
    }
    if (request.url?.startsWith(RELEASE_PATH)) {
      release();
      response.writeHead(204, { 'cache-control': 'no-store' });
      response.end();
      return;
    }
    if (held !== null && held.path.test(request.url?.split('?')[0] ?? '')) {
      held.waiting.push(() => forward(request, response));
      return;
    }
    forward(request, response);
  });
  const forward = (request: http.IncomingMessage, response: http.ServerResponse): void => {
    const upstream = http.request(
      { host: '127.0.0.1', port: ENGINE_PORTS.server, path: request.url, method: request.method, headers: { ...request.headers, 'accept-encoding': 'identity' } },
      (answer) => {
        const type = String(answer.headers['content-type'] ?? '');
        if (!type.startsWith('text/html')) {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const html = Buffer.concat(chunks).toString('utf8').replace(/<head([^>]*)>/i, `<head$1><script src="${INIT_PATH}"></script>`);
          const headers = { ...answer.headers, 'cache-control': 'no-store' };
          delete headers['content-length'];
          delete headers.etag;
          response.writeHead(answer.statusCode ?? 502, headers);
          response.end(html);
        });
      },
    );
    upstream.on('error', () => response.destroy());
    if (throttle === 0) request.pipe(upstream);
    else slowly(request, upstream, throttle);
  };
  await new Promise<void>((resolve) => proxy.listen(ENGINE_PORTS.proxy, '127.0.0.1', resolve));

  return {
    setInitScript: (source) => void (extra = source),
    setOffline: (value) => void (offline = value),
    setThrottle: (value) => void (throttle = value),
    hold(path) {
      release();
      if (path !== null) held = { path, waiting: [] };
    },
    async stop() {
      release();
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
      try {
        if (server.pid !== undefined) process.kill(-server.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    },
  };
}

async function waitFor(url: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the qrdrop server did not answer ${url}`);
}

/** Passes a body on in 16 KB pieces at about `bytesPerSecond`. */
function slowly(from: http.IncomingMessage, to: http.ClientRequest, bytesPerSecond: number): void {
  const piece = 16 * 1024;
  const pending: Buffer[] = [];
  let ended = false;
  let timer: NodeJS.Timeout | undefined;
  const pump = (): void => {
    const chunk = pending.shift();
    if (chunk === undefined) {
      timer = undefined;
      if (ended) to.end();
      return;
    }
    to.write(chunk);
    timer = setTimeout(pump, (chunk.length / bytesPerSecond) * 1000);
  };
  from.on('data', (data: Buffer) => {
    for (let at = 0; at < data.length; at += piece) pending.push(data.subarray(at, at + piece));
    if (timer === undefined) pump();
  });
  from.on('end', () => {
    ended = true;
    if (timer === undefined) pump();
  });
  from.on('close', () => {
    if (!ended) to.destroy();
  });
}
