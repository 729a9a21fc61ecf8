/**
 * server/test/: the one home of the server tests' helpers: in-process apps (this file), sessions, fixtures (image
 * bytes, hostile shapes), HTTP and raw-socket clients, SSE reader, delivery fixtures, and the real-process
 * server of the crash and load tests. Only tests and fuzz/ import it, never product code.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app';
import { loadConfig } from '../config';

export const TEST_API_KEY = 'aptr_test_0123456789abcdef0123';
export const OTHER_API_KEY = 'aptr_live_fedcba9876543210fedc';

export interface TestApp {
  app: FastifyInstance;
  dataDir: string;
  /** Moves the injected clock forward. */
  advance: (ms: number) => void;
  close: () => Promise<void>;
}

/** A fresh server on a fresh temporary data directory, with a controllable clock. */
export async function makeTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-test-'));
  let offset = 0;
  const config = loadConfig({
    DATA_DIR: dataDir,
    PUBLIC_URL: 'http://qrdrop.test',
    QRDROP_API_KEYS: `${TEST_API_KEY},${OTHER_API_KEY}`,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const app = await buildApp({ config, now: () => Date.now() + offset });
  return {
    app,
    dataDir,
    advance: (ms) => {
      offset += ms;
    },
    close: async () => {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const auth = (key = TEST_API_KEY) => ({ authorization: `Bearer ${key}` });
