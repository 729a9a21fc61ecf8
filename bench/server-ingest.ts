import fs from 'node:fs';
import type { ServerPlan } from './bench-config';
import type { ChildServer } from './child-process';
import { diskBaseline, type DiskRun } from './disk-baseline';
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
  /** The same photos written and fsynced by the bench itself: the disk's limit. */
  disk: DiskRun;
  /** Photos the server reports as stored after the run (imagesCount of the run's sessions). */
  storedByServer: number;
}

const MAX_IMAGES_PER_SESSION = 200;

function merge(a: LoadResult, b: LoadResult): LoadResult {
  return {
    ok: a.ok + b.ok,
    failures: a.failures + b.failures,
    failureSamples: [...a.failureSamples, ...b.failureSamples].slice(0, 5),
    wallMs: a.wallMs + b.wallMs,
    latenciesMs: [...a.latenciesMs, ...b.latenciesMs],
    bodyBytes: a.bodyBytes + b.bodyBytes,
  };
}

/**
 * Uploads of the same 5 MB multipart body at one concurrency, to qrdrop and to the raw sink, same client,
 * interleaved (qrdrop, sink, qrdrop, sink when there are enough uploads for two full rounds) so that a burst
 * of load from elsewhere on the machine does not land on one side only. Each concurrent worker has its own
 * session (max_images 200), as separate phones would.
 */
export async function ingestLevel(
  qrdrop: QrdropServer,
  sink: ChildServer,
  photoPath: string,
  level: { concurrency: number; uploads: number },
  plan: ServerPlan,
): Promise<IngestLevel> {
  const photo = fs.readFileSync(photoPath);
  const { body, contentType } = uploadBody(photo);
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
  const rounds = level.uploads >= 2 * level.concurrency ? 2 : 1;
  qrdrop.resetPeak();
  sink.resetPeak();
  let qrdropLoad: LoadResult | undefined;
  let sinkLoad: LoadResult | undefined;
  for (let round = 0; round < rounds; round++) {
    const count = Math.floor(level.uploads / rounds) + (round === 0 ? level.uploads % rounds : 0);
    const q = await load(qrdrop.port, count, pick)();
    const k = await load(sink.port, count, pick)();
    qrdropLoad = qrdropLoad === undefined ? q : merge(qrdropLoad, q);
    sinkLoad = sinkLoad === undefined ? k : merge(sinkLoad, k);
  }
  if (qrdropLoad === undefined || sinkLoad === undefined) throw new Error('no upload measured');
  const qrdropRun = { load: qrdropLoad, peakRssBytes: qrdrop.peakRssBytes() };
  const sinkRun = { load: sinkLoad, peakRssBytes: sink.peakRssBytes() };
  const disk = await diskBaseline(photo, level.uploads, level.concurrency);
  const counts = await sessionImageCounts(qrdrop.origin, sessions);
  return { ...level, qrdrop: qrdropRun, sink: sinkRun, disk, storedByServer: counts.reduce((a, b) => a + b, 0) };
}
