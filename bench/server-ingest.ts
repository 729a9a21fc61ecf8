import fs from 'node:fs';
import type { ServerPlan } from './bench-config';
import type { ChildServer } from './child-process';
import { runLoad, type LoadResult } from './load-generator';
import { uploadBody } from './multipart';
import type { QrdropServer } from './qrdrop-server';
import { sessionImageCounts } from './session-read';

/** One side (qrdrop or the raw sink) of one concurrency level. */
export interface IngestRun {
  load: LoadResult;
  /** Peak RSS of the server process during this run, bytes. */
  peakRssBytes: number;
}

export interface IngestLevel {
  concurrency: number;
  uploads: number;
  qrdrop: IngestRun;
  sink: IngestRun;
  /** Photos the server reports as stored after the run (imagesCount of the run's sessions). */
  storedByServer: number;
}

const MAX_IMAGES_PER_SESSION = 200;

async function measure(server: ChildServer, run: () => Promise<LoadResult>): Promise<IngestRun> {
  server.resetPeak();
  const load = await run();
  return { load, peakRssBytes: server.peakRssBytes() };
}

/**
 * Uploads of the same 5 MB multipart body at one concurrency, to qrdrop and then to the raw sink, same client,
 * back to back. Each concurrent worker has its own session (max_images 200), as separate phones would.
 */
export async function ingestLevel(
  qrdrop: QrdropServer,
  sink: ChildServer,
  photoPath: string,
  level: { concurrency: number; uploads: number },
  plan: ServerPlan,
): Promise<IngestLevel> {
  const { body, contentType } = uploadBody(fs.readFileSync(photoPath));
  if (level.uploads / level.concurrency > MAX_IMAGES_PER_SESSION) throw new Error('more uploads per session than max_images allows');
  const sessions: string[] = [];
  for (let i = 0; i < level.concurrency; i++) sessions.push(await qrdrop.createSession({ max_images: MAX_IMAGES_PER_SESSION, expires_in_hours: 1 }));
  const warmupSession = await qrdrop.createSession({ max_images: MAX_IMAGES_PER_SESSION });

  const upload = (session: string) => ({
    method: 'POST' as const,
    path: `/api/v1/upload/${session}/images`,
    headers: { 'content-type': contentType },
    body,
  });
  const load = (port: number, total: number, pick: (i: number) => string) => () =>
    runLoad({ port, concurrency: Math.min(level.concurrency, total), total, request: (i) => upload(pick(i)), expectStatus: 201, deadlineMs: plan.loadDeadlineMs });

  // Warm-up (JIT, file cache, sockets) on both sides; not measured.
  await load(qrdrop.port, plan.warmupUploads, () => warmupSession)();
  await load(sink.port, plan.warmupUploads, () => warmupSession)();

  const pick = (i: number) => sessions[i % sessions.length] ?? warmupSession;
  const qrdropRun = await measure(qrdrop, load(qrdrop.port, level.uploads, pick));
  const sinkRun = await measure(sink, load(sink.port, level.uploads, pick));
  const counts = await sessionImageCounts(qrdrop.origin, sessions);
  return { ...level, qrdrop: qrdropRun, sink: sinkRun, storedByServer: counts.reduce((a, b) => a + b, 0) };
}
