import type { ClusterPlan } from './bench-config';
import { type LoadRequest, type LoadResult, runLoad } from './load-generator';
import { mergeLoads } from './merge-loads';
import { uploadBody } from './multipart';
import type { ConnectionPeak, ConnectionSampler } from './pg-connections';
import type { QrdropServer } from './qrdrop-server';
import { sessionImageCounts } from './session-read';
import { sessionReadRequest } from './session-reads';

/** One side of the cluster figures: qrdrop on SQLite + disk, or one or two instances on one PostgreSQL + bucket. */
export interface ClusterSide {
  backend: 'SQLite + disk' | 'PostgreSQL + S3';
  /** The load goes to these in turn (request i to instance i mod n). */
  instances: QrdropServer[];
  /** Their PostgreSQL connections' application_name (none on SQLite). */
  connectionNames: string[];
}

/** What one side did under one load: pooled over the rounds, with PostgreSQL's connection peak (null on SQLite). */
export interface SideRun {
  backend: ClusterSide['backend'];
  instances: number;
  load: LoadResult;
  connections: ConnectionPeak | null;
}

export interface ClusterIngestLevel {
  concurrency: number;
  uploads: number;
  /** In the order of the sides; stored = the photos the sessions report afterwards (read through the first instance). */
  sides: (SideRun & { stored: number })[];
}

const MAX_IMAGES_PER_SESSION = 200;

const portsOf = (side: ClusterSide) => side.instances.map((instance) => instance.port);

function firstInstance(side: ClusterSide): QrdropServer {
  const first = side.instances[0];
  if (first === undefined) throw new Error(`${side.backend}: no instance`);
  return first;
}

/**
 * Runs `measure` on each side in turn, `rounds` times (SQLite, one instance, two instances, then again), so that a
 * busy spell of this shared machine lands on every side alike; each side's loads are pooled, its connection peak is
 * the highest of its rounds.
 */
async function alternate(sides: ClusterSide[], sampler: ConnectionSampler, rounds: number, measure: (side: ClusterSide, round: number) => Promise<LoadResult>): Promise<SideRun[]> {
  const loads: LoadResult[][] = sides.map(() => []);
  const peaks: (ConnectionPeak | null)[] = sides.map((side) => (side.connectionNames.length === 0 ? null : { open: 0, busy: 0 }));
  for (let round = 0; round < rounds; round++) {
    for (const [i, side] of sides.entries()) {
      sampler.reset();
      loads[i]?.push(await measure(side, round));
      const before = peaks[i];
      const now = sampler.peak(side.connectionNames);
      if (before) peaks[i] = { open: Math.max(before.open, now.open), busy: Math.max(before.busy, now.busy) };
    }
  }
  return sides.map((side, i) => ({ backend: side.backend, instances: side.instances.length, load: mergeLoads(loads[i] ?? []), connections: peaks[i] ?? null }));
}

/**
 * Uploads of one multipart body at one concurrency to each side. Each concurrent worker has its own session, as
 * separate phones would; on two instances a session's uploads land on both, so both lock the same session rows.
 */
export async function clusterIngestLevel(
  sides: ClusterSide[],
  sampler: ConnectionSampler,
  photo: Buffer,
  level: { concurrency: number; uploads: number },
  plan: ClusterPlan,
): Promise<ClusterIngestLevel> {
  if (level.uploads / level.concurrency > MAX_IMAGES_PER_SESSION) throw new Error('more uploads per session than max_images allows');
  const { body, contentType } = uploadBody(photo);
  const upload = (session: string): LoadRequest => ({ method: 'POST', path: `/api/v1/upload/${session}/images`, headers: { 'content-type': contentType }, body });
  const load = (side: ClusterSide, total: number, sessions: string[]) =>
    runLoad({
      port: portsOf(side),
      concurrency: Math.min(level.concurrency, total),
      total,
      request: (i) => upload(sessions[i % sessions.length] ?? ''),
      expectStatus: 201,
      deadlineMs: plan.loadDeadlineMs,
    });
  const createSessions = async (side: ClusterSide, count: number) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push(await firstInstance(side).createSession({ max_images: MAX_IMAGES_PER_SESSION }));
    return ids;
  };

  const sessionsOf: string[][] = [];
  for (const side of sides) {
    sessionsOf.push(await createSessions(side, level.concurrency));
    // Warm-up (JIT, pools, sockets) on a session of its own; not measured.
    await load(side, plan.warmupUploads, await createSessions(side, 1));
  }
  const rounds = level.uploads >= plan.rounds * level.concurrency ? plan.rounds : 1;
  const perRound = (round: number) => Math.floor(level.uploads / rounds) + (round === 0 ? level.uploads % rounds : 0);
  const runs = await alternate(sides, sampler, rounds, (side, round) => load(side, perRound(round), sessionsOf[sides.indexOf(side)] ?? []));
  const measured = [];
  for (const [i, side] of sides.entries()) {
    const counts = await sessionImageCounts(firstInstance(side).origin, sessionsOf[i] ?? []);
    const run = runs[i];
    if (run === undefined) throw new Error('a side without a run');
    measured.push({ ...run, stored: counts.reduce((a, b) => a + b, 0) });
  }
  return { ...level, sides: measured };
}

/**
 * GET /api/v1/upload/{id}/session (the page's first request) on each side, over sessions created through the API
 * (the sides on PostgreSQL share one database, so they read the same sessions), interleaved in rounds.
 */
export async function clusterSessionReads(sides: ClusterSide[], sampler: ConnectionSampler, plan: ClusterPlan): Promise<SideRun[]> {
  const idsOf = new Map<string, string[]>();
  for (const side of sides) {
    if (idsOf.has(side.backend)) continue;
    const ids: string[] = [];
    for (let i = 0; i < plan.sessions; i++) ids.push(await firstInstance(side).createSession({ max_images: 10 }));
    idsOf.set(side.backend, ids);
  }
  const { concurrency, requests, warmupRequests } = plan.sessionReads;
  const run = (side: ClusterSide, total: number) =>
    runLoad({ port: portsOf(side), concurrency, total, request: sessionReadRequest(idsOf.get(side.backend) ?? []), expectStatus: 200, deadlineMs: plan.loadDeadlineMs });
  for (const side of sides) await run(side, warmupRequests);
  return alternate(sides, sampler, plan.rounds, (side) => run(side, Math.ceil(requests / plan.rounds)));
}
