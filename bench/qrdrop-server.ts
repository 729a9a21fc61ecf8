import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as v from 'valibot';
import { BENCH_API_KEY, BENCH_RATE_LIMITS } from './bench-config';
import { type ChildServer, startChild } from './child-process';
import { seedSessions } from './seed-sessions';

/** The real server (`npm run serve`'s server/main.ts) in its own process, on loopback, on a throw-away data dir. */
export interface QrdropServer extends ChildServer {
  origin: string;
  /** Ids of the sessions seeded before start. */
  seededIds: string[];
  createSession(payload?: Record<string, unknown>): Promise<string>;
  /** Stops the server and deletes its data directory. */
  close(): Promise<void>;
}

export interface StartOptions {
  seedSessions?: number;
  /** Where the built page is (default dist/). */
  distDir?: string;
  /** The server to run (default this checkout's server/main.ts; another checkout's, to compare two versions). */
  script?: string;
  /** More environment for it (a cluster instance's DATABASE_URL and S3 settings). */
  env?: Record<string, string>;
}

const Created = v.object({ id: v.pipe(v.string(), v.uuid()) });
const LISTENING = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/;

export async function startQrdrop(options: StartOptions = {}): Promise<QrdropServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-bench-'));
  try {
    const databaseFile = path.join(dataDir, 'qrdrop.sqlite');
    const seededIds = options.seedSessions ? seedSessions(databaseFile, options.seedSessions) : [];
    const child = await startChild(
      options.script ?? path.resolve('server/main.ts'),
      {
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        QRDROP_API_KEYS: BENCH_API_KEY,
        DIST_DIR: options.distDir ?? path.resolve('dist'),
        // info, as deployed: the start-up line carries the port; requests are never logged.
        LOG_LEVEL: 'info',
        ...BENCH_RATE_LIMITS,
        ...options.env,
      },
      LISTENING,
    );
    const origin = `http://127.0.0.1:${child.port}`;
    return {
      ...child,
      origin,
      seededIds,
      createSession: (payload = {}) => createSession(origin, payload),
      close: async () => {
        await child.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** POST /api/v1/upload-sessions as an integrator does; the answer is parsed, not trusted. */
export async function createSession(origin: string, payload: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${origin}/api/v1/upload-sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${BENCH_API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  const body: unknown = await response.json();
  if (response.status !== 201) throw new Error(`session create answered ${response.status}: ${JSON.stringify(body)}`);
  return v.parse(Created, body).id;
}
