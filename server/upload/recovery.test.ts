import fs from 'node:fs';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { makeJpeg } from '../test/fixtures';
import { makeTestApp, onCluster, type TestApp } from '../test/helpers';
import { storedFiles, insertTestSession, upload } from '../test/upload-helpers';
import { recoverStorage } from './recovery';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(async () => {
  await t.close();
});

/** What a crash can leave: a half-received upload, and a file renamed into place whose row was never inserted. */
function simulateCrashLeftovers(sessionId: string) {
  fs.writeFileSync(path.join(t.dataDir, 'incoming', 'a1b2c3'), 'half a photo');
  fs.writeFileSync(path.join(t.dataDir, 'images', sessionId, '0f0f0f0f-0000-4000-8000-000000000000.jpg'), makeJpeg(4, 4));
}

function recordingLogger() {
  const lines: { level: string; data: unknown; message: unknown }[] = [];
  const record = (level: string) => (data: unknown, message?: unknown) => lines.push({ level, data, message });
  const logger = { warn: record('warn'), error: record('error') } as Partial<FastifyBaseLogger>;
  return { lines, logger: logger as FastifyBaseLogger };
}

// SQLite + disk only by design: a cluster instance runs no start-up recovery (it would delete another instance's
// upload between its put and its insert); the bucket's intents sweep does that job there.
describe.skipIf(onCluster)('start-up recovery', () => {
  it('runs when the server starts: empties incoming/ and removes files without a row, keeping committed photos', async () => {
    const sessionId = await insertTestSession(t.app);
    const kept = (await upload(t.app, sessionId, makeJpeg(10, 10))).json().id;
    simulateCrashLeftovers(sessionId);
    await t.app.close();

    t.app = await buildApp({ config: loadConfig({ DATA_DIR: t.dataDir, PUBLIC_URL: 'http://qrdrop.test', LOG_LEVEL: 'silent' }) });

    expect((await storedFiles(t.app))).toEqual({ images: [path.join(sessionId, `${kept}.jpg`)], incoming: [] });
  });

  it('reports (by image id, never by path) rows whose file is missing, and leaves the rows alone', async () => {
    const sessionId = await insertTestSession(t.app);
    const lost = (await upload(t.app, sessionId, makeJpeg(10, 10))).json().id;
    fs.rmSync(path.join(t.dataDir, 'images', sessionId, `${lost}.jpg`));
    simulateCrashLeftovers(sessionId);
    const { lines, logger } = recordingLogger();

    const report = await recoverStorage(t.app.qrdrop.uploads, t.app.qrdrop.paths, logger);

    expect(report).toEqual({ removedIncoming: 1, removedOrphans: 1, missingFiles: [lost] });
    expect(lines.map((line) => line.level)).toEqual(['warn', 'error']);
    expect(JSON.stringify(lines)).not.toContain(sessionId);
    expect(t.app.qrdrop.db.prepare('SELECT id FROM images').all()).toEqual([{ id: lost }]);
  });
});
