import fs from 'node:fs';
import type { ServerPlan } from './bench-config';
import type { ChildServer } from './child-process';
import { diskBaseline, type DiskRun } from './disk-baseline';
import { type LoadRequest, type LoadResult, runLoad } from './load-generator';
import { mergeLoads } from './merge-loads';
import { uploadBody } from './multipart';
import type { QrdropServer } from './qrdrop-server';
import { sessionImageCounts } from './session-read';

/** One side (a qrdrop server, the raw sink or the durable sink) of one concurrency level. */
export interface IngestRun {
  load: LoadResult;
  /** Peak RSS of that process during the level, bytes. */
  peakRssBytes: number;
}

export interface IngestLevel {
  concurrency: number;
  uploads: number;
  /** One per qrdrop server (one per database size), in the order given. */
  qrdrop: (IngestRun & { storedByServer: number })[];
  sink: IngestRun;
  /** The durable sink: each body streamed to a file, SHA-256, fsync before the answer (durable-sink-main.ts). */
  durable: IngestRun;
  /** The same photos written and fsynced by the bench itself: the disk's limit. */
  disk: DiskRun;
}

const MAX_IMAGES_PER_SESSION = 200;

/**
 * Uploads of the same 5 MB multipart body at one concurrency, to each qrdrop server (one per database size) and
 * to the raw sink and to the durable sink, same client, interleaved in rounds (qrdrop A, qrdrop B, sink, durable
 * sink, then again) so that a burst of
 * load from elsewhere on this shared machine does not land on one side only. Each concurrent worker has its own
 * session (max_images 200), as separate phones would.
 */
export async function ingestLevel(
  servers: QrdropServer[],
  sink: ChildServer,
  durable: ChildServer,
  photoPath: string,
  level: { concurrency: number; uploads: number },
  plan: ServerPlan,
): Promise<IngestLevel> {
  const photo = fs.readFileSync(photoPath);
  const { body, contentType } = uploadBody(photo);
  if (level.uploads / level.concurrency > MAX_IMAGES_PER_SESSION) throw new Error('more uploads per session than max_images allows');
  const upload = (session: string): LoadRequest => ({ method: 'POST', path: `/api/v1/upload/${session}/images`, headers: { 'content-type': contentType }, body });
  const load = (port: number, total: number, sessions: string[]) =>
    runLoad({
      port,
      concurrency: Math.min(level.concurrency, total),
      total,
      request: (i) => upload(sessions[i % sessions.length] ?? ''),
      expectStatus: 201,
      deadlineMs: plan.loadDeadlineMs,
    });

  const sessionsOf: string[][] = [];
  for (const server of servers) {
    const sessions: string[] = [];
    for (let i = 0; i < level.concurrency; i++) sessions.push(await server.createSession({ max_images: MAX_IMAGES_PER_SESSION }));
    sessionsOf.push(sessions);
    // Warm-up (JIT, file cache, sockets) on its own session; not measured.
    await load(server.port, plan.warmupUploads, [await server.createSession({ max_images: MAX_IMAGES_PER_SESSION })]);
  }
  const sinkPaths = sessionsOf[0] ?? [];
  await load(sink.port, plan.warmupUploads, sinkPaths);
  await load(durable.port, plan.warmupUploads, sinkPaths);

  for (const child of [...servers, sink, durable]) child.resetPeak();
  const rounds = level.uploads >= 2 * level.concurrency ? 2 : 1;
  const qrdropLoads: LoadResult[][] = servers.map(() => []);
  const sinkLoads: LoadResult[] = [];
  const durableLoads: LoadResult[] = [];
  for (let round = 0; round < rounds; round++) {
    const count = Math.floor(level.uploads / rounds) + (round === 0 ? level.uploads % rounds : 0);
    for (const [i, server] of servers.entries()) qrdropLoads[i]?.push(await load(server.port, count, sessionsOf[i] ?? []));
    sinkLoads.push(await load(sink.port, count, sinkPaths));
    durableLoads.push(await load(durable.port, count, sinkPaths));
  }
  const qrdrop = [];
  for (const [i, server] of servers.entries()) {
    const counts = await sessionImageCounts(server.origin, sessionsOf[i] ?? []);
    qrdrop.push({ load: mergeLoads(qrdropLoads[i] ?? []), peakRssBytes: server.peakRssBytes(), storedByServer: counts.reduce((a, b) => a + b, 0) });
  }
  const sinkRun = { load: mergeLoads(sinkLoads), peakRssBytes: sink.peakRssBytes() };
  const durableRun = { load: mergeLoads(durableLoads), peakRssBytes: durable.peakRssBytes() };
  const disk = await diskBaseline(photo, level.uploads, level.concurrency);
  return { ...level, qrdrop, sink: sinkRun, durable: durableRun, disk };
}
