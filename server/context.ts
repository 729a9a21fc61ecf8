import path from 'node:path';
import type { Config } from './config';
import type { Db } from './db';
import type { ServerKey } from './encryption/server-key';
import type { EventBus } from './events';
import type { PasswordGuesses } from './password-guesses';
import type { RateLimiter } from './rate-limit';

/** What every route needs, built once per app and reachable as `app.qrdrop`. */
export interface AppContext {
  config: Config;
  db: Db;
  events: EventBus;
  rateLimiter: RateLimiter;
  /** Wrong session-password guesses, per client address and per session. */
  passwordGuesses: PasswordGuesses;
  /** The clock, injectable so tests can move time (expiry, rate-limit windows). */
  now: () => number;
  paths: DataPaths;
  /** The server-key encryption key pair, made or read on first use. */
  serverKey: () => Promise<ServerKey>;
}

export interface DataPaths {
  root: string;
  database: string;
  /** Finished photos, one folder per session, server-generated names. */
  images: string;
  /** Uploads being received; anything left here at start-up is from an interrupted upload. */
  incoming: string;
}

export function dataPaths(dataDir: string): DataPaths {
  return {
    root: dataDir,
    database: path.join(dataDir, 'qrdrop.sqlite'),
    images: path.join(dataDir, 'images'),
    incoming: path.join(dataDir, 'incoming'),
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    qrdrop: AppContext;
  }
}
