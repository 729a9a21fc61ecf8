import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeTestApp, type TestApp } from './helpers';

/**
 * Test apps that serve a throw-away build folder: `start(files)` writes the files (paths may have folders) into a
 * new temporary dist and starts an app on it; `closeAll()` (in afterEach) closes every app and removes its folder.
 */
export function distApps() {
  const started: { test: TestApp; dist: string }[] = [];
  return {
    async start(files: Record<string, string | Buffer>): Promise<TestApp> {
      const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-dist-'));
      for (const [name, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dist, name)), { recursive: true });
        fs.writeFileSync(path.join(dist, name), content);
      }
      const test = await makeTestApp({ DIST_DIR: dist });
      started.push({ test, dist });
      return test;
    },
    async closeAll(): Promise<void> {
      for (const { test, dist } of started.splice(0)) {
        await test.close();
        fs.rmSync(dist, { recursive: true, force: true });
      }
    },
  };
}
