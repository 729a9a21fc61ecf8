import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeJpeg } from '../test/fixtures';
import { onCluster } from '../test/helpers';
import { ScenarioSummary } from '../test/summary';
import { CrashRig, describeTally, expectConsistent, expectRowsWithIntactFiles, idOf, tally } from '../test/crash-support';
import { type Photo, photo, UploadInProgress, uploadWhole } from '../test/upload-driver';

/**
 * The real server in its own process, killed with SIGKILL in the middle of uploads and started again on the same
 * data directory. What is checked never depends on timing: every photo is complete (row and file, same bytes)
 * or absent; start-up leaves nothing half-received; retrying with the same Idempotency-Key stores each photo
 * exactly once and gives back the first id when the first attempt had been stored.
 */
const CRASH_TEST_MS = 120_000;
const summary = new ScenarioSummary('crash-restart');
afterAll(() => summary.flush());

let rig: CrashRig;
beforeEach(() => {
  rig = new CrashRig();
});
afterEach(async () => {
  await rig.dispose();
});

/** Distinct photos (size decides the noise pattern, so every file differs), big enough to be sent in many chunks. */
const photoFile = (i: number) => makeJpeg(240 + 16 * i, 180 + 8 * i, { noise: true, quality: 90 });

// Real `npm run serve` processes, which refuse cluster mode: SQLite + disk only for now.
describe.skipIf(onCluster)('SIGKILL during uploads, then restart', () => {
  it(
    'at seven points of an upload: each photo complete or absent, start-up cleans up, retries store each exactly once',
    async () => {
      await rig.start();
      const sessionId = await rig.createSession();
      const stages = [
        'request headers only',
        'form head + 1 byte of the file',
        'half of the file',
        'all but the last byte of the body',
        'whole body, answer not awaited (kill at once)',
        'whole body, 201 received',
        'whole body, stored, 201 never read ("response lost")',
      ] as const;
      const photos = stages.map((label, i) => photo(label, `crash-point-${i}`, photoFile(i)));
      const [headersOnly, oneByte, half, allButLast, notAwaited, answered, responseLost] = photos as [Photo, Photo, Photo, Photo, Photo, Photo, Photo];

      // Seen by the client: a 201.
      const answeredResponse = await uploadWhole(rig.port, sessionId, answered);
      expect(answeredResponse.status).toBe(201);
      const answeredId = idOf(answeredResponse);

      // Stored (the row is in the database, read from outside), but the client never reads the answer.
      const lost = new UploadInProgress(rig.port, sessionId, responseLost);
      void lost.finish().catch(() => {});
      await vi.waitFor(() => expect(rig.storage().rows.some((row) => row.idempotencyKey === responseLost.key)).toBe(true), { timeout: 15_000 });

      // Part-way: the server has started writing each of the three that reached their file part.
      const partial = [headersOnly, oneByte, half, allButLast].map((item) => new UploadInProgress(rig.port, sessionId, item));
      const [p0, p1, p2, p3] = partial as [UploadInProgress, UploadInProgress, UploadInProgress, UploadInProgress];
      await p1.writeTo(p1.fileStart + 1);
      await p2.writeTo(p2.fileStart + (p2.photo.bytes.length >> 1));
      await p3.writeTo(p3.body.length - 1);
      await vi.waitFor(() => expect(rig.storage().incoming).toHaveLength(3), { timeout: 15_000 });
      expect(p0.written).toBe(0);

      // The whole body goes out, and the process dies the moment the last byte is handed to the socket.
      const last = new UploadInProgress(rig.port, sessionId, notAwaited);
      void last.open.response.catch(() => {});
      await last.writeTo(last.body.length);
      last.open.request.end();
      await rig.kill();
      for (const upload of [...partial, lost, last]) upload.abandon();

      const afterCrash = rig.storage();
      // Even before recovery: no row without its complete file. Debris of the three cut uploads is still there.
      expectRowsWithIntactFiles(afterCrash);
      expect(afterCrash.incoming.length).toBeGreaterThanOrEqual(3);

      await rig.start();
      const afterRestart = rig.storage();
      expectConsistent(afterRestart);
      const keptKeys = new Set(afterRestart.rows.map((row) => row.idempotencyKey));
      expect(keptKeys.has(answered.key) && keptKeys.has(responseLost.key)).toBe(true);
      for (const cut of [headersOnly, oneByte, half, allButLast]) expect(keptKeys.has(cut.key)).toBe(false);
      const lostId = afterRestart.rows.find((row) => row.idempotencyKey === responseLost.key)?.id;
      const notAwaitedId = afterRestart.rows.find((row) => row.idempotencyKey === notAwaited.key)?.id;

      // The client retries every photo it has no 201 for, and, to be sure, the answered one too.
      const retries = new Map<Photo, { status: number; id: string; replayed: boolean }>();
      for (const item of photos) {
        const response = await uploadWhole(rig.port, sessionId, item).catch((error: unknown) => { throw new Error(`retry of ${item.label}: ${String(error)}`); });
        retries.set(item, { status: response.status, id: idOf(response), replayed: response.headers['idempotent-replayed'] === 'true' });
      }
      const final = rig.storage();
      expectConsistent(final);
      const result = tally(photos, final);

      for (const item of photos) {
        const retry = retries.get(item);
        const before = afterCrash.rows.some((row) => row.idempotencyKey === item.key && row.fileSha256 === row.sha256);
        summary.add(
          `kill after ${item.label}: after restart ${keptKeys.has(item.key) ? 'complete' : 'absent'}` +
            `${before && !keptKeys.has(item.key) ? ' (LOST)' : ''} → retry ${retry?.status} ${retry?.replayed === true ? 'replayed (same id)' : 'stored'}, ` +
            `rows for its key ${final.rows.filter((row) => row.idempotencyKey === item.key).length}`,
        );
      }
      summary.add(
        `7 kill points, one crash: leftovers cleaned at restart: incoming/ ${afterCrash.incoming.length}, files without row ${afterCrash.filesWithoutRow.length} → 0 and 0 · ${describeTally(result)}`,
      );

      for (const retry of retries.values()) expect(retry.status).toBe(201);
      expect(retries.get(answered)).toEqual({ status: 201, id: answeredId, replayed: true });
      expect(retries.get(responseLost)).toEqual({ status: 201, id: lostId, replayed: true });
      if (notAwaitedId !== undefined) expect(retries.get(notAwaited)).toEqual({ status: 201, id: notAwaitedId, replayed: true });
      expect(result).toEqual({ sent: 7, stored: 7, duplicates: 0, lost: 0, altered: 0, extra: 0 });
      // The session id is a capability: not one of the server's log lines, over both lives, may carry it.
      expect(rig.log()).not.toContain(sessionId);
    },
    CRASH_TEST_MS,
  );

  it(
    'four crashes during 8 concurrent uploads: at 30 % and 70 % of each body, right after the last byte, and once half are stored',
    async () => {
      await rig.start();
      const sessionId = await rig.createSession();
      const everyPhoto: Photo[] = [];
      const crashes = [
        { label: 'each body 30 % written, the server writing all 8', fraction: 0.3, storedBeforeKill: 0 },
        { label: 'each body 70 % written, the server writing all 8', fraction: 0.7, storedBeforeKill: 0 },
        { label: 'every body written to the last byte, killed at once', fraction: 1, storedBeforeKill: 0 },
        { label: 'every body written, killed once 4 of 8 were stored', fraction: 1, storedBeforeKill: 4 },
      ];
      for (const [round, crash] of crashes.entries()) {
        const photos = Array.from({ length: 8 }, (_, i) => photo(`crash ${round + 1} photo ${i + 1}`, `crash-${round}-photo-${i}`, photoFile(8 * round + i)));
        everyPhoto.push(...photos);
        const keys = new Set(photos.map((item) => item.key));
        const uploads = photos.map((item) => new UploadInProgress(rig.port, sessionId, item));
        for (const upload of uploads) void upload.open.response.catch(() => {});

        // All eight stream at once, in 16 KB chunks, each to the same fraction of its body.
        await Promise.all(uploads.map((upload) => upload.writeTo(Math.floor(upload.body.length * crash.fraction))));
        if (crash.fraction < 1) {
          // Kill only once the server is writing every one of them into incoming/.
          await vi.waitFor(() => expect(rig.storage().incoming).toHaveLength(8), { timeout: 15_000 });
        } else {
          for (const upload of uploads) upload.open.request.end();
          await vi.waitFor(
            () => expect(rig.storage().rows.filter((row) => row.idempotencyKey !== null && keys.has(row.idempotencyKey)).length).toBeGreaterThanOrEqual(crash.storedBeforeKill),
            { timeout: 15_000 },
          );
        }
        await rig.kill();
        for (const upload of uploads) upload.abandon();

        const afterCrash = rig.storage();
        expectRowsWithIntactFiles(afterCrash);
        await rig.start();
        const afterRestart = rig.storage();
        expectConsistent(afterRestart);
        const complete = photos.filter((item) => afterRestart.rows.some((row) => row.idempotencyKey === item.key)).length;

        const retries = [];
        for (const item of photos) retries.push(await uploadWhole(rig.port, sessionId, item));
        const replayed = retries.filter((retry) => retry.headers['idempotent-replayed'] === 'true').length;
        const final = rig.storage();
        expectConsistent(final);
        const result = tally(everyPhoto, final);
        summary.add(
          `crash ${round + 1} (${crash.label}): after restart complete ${complete}, absent ${8 - complete}; ` +
            `incoming/ ${afterCrash.incoming.length} → ${afterRestart.incoming.length}, files without row ${afterCrash.filesWithoutRow.length} → ${afterRestart.filesWithoutRow.length}; ` +
            `retries: ${replayed} replayed, ${retries.length - replayed} stored · running total: ${describeTally(result)}`,
        );

        for (const retry of retries) expect(retry.status).toBe(201);
        expect(replayed).toBe(complete);
        expect(complete).toBeGreaterThanOrEqual(crash.storedBeforeKill);
        if (crash.fraction < 1) expect(afterCrash.incoming.length).toBeGreaterThanOrEqual(8);
        expect(result).toEqual({ sent: everyPhoto.length, stored: everyPhoto.length, duplicates: 0, lost: 0, altered: 0, extra: 0 });
      }
      expect(rig.starts).toBe(crashes.length + 1);
      expect(rig.log()).not.toContain(sessionId);
    },
    CRASH_TEST_MS,
  );
});
