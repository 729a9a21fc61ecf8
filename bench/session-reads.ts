import type { ServerPlan } from './bench-config';
import type { ChildServer } from './child-process';
import { type LoadRequest, type LoadResult, runLoad } from './load-generator';
import { mergeLoads } from './merge-loads';
import type { QrdropServer } from './qrdrop-server';

export interface ReadsRun {
  /** One per qrdrop server, in the order given. */
  qrdrop: LoadResult[];
  sink: LoadResult;
}

const ROUNDS = 2;

/** Read i of a run over `ids`: a stride coprime with most sizes walks the whole table rather than a hot corner of it. */
export const sessionReadRequest =
  (ids: readonly string[]) =>
  (i: number): LoadRequest => ({ method: 'GET', path: `/api/v1/upload/${ids[(i * 7919) % ids.length] ?? ''}/session` });
const WARMUP_READS = 500;

/**
 * GET /api/v1/upload/{id}/session (the page's first request) over each server's seeded sessions, spread evenly so
 * the whole table is searched, against the raw sink answering the same paths; interleaved in rounds.
 */
export async function sessionReads(servers: QrdropServer[], sink: ChildServer, plan: ServerPlan): Promise<ReadsRun> {
  const run = (port: number, total: number, ids: string[]) =>
    runLoad({ port, concurrency: plan.sessionReads.concurrency, total, request: sessionReadRequest(ids), expectStatus: 200, deadlineMs: plan.loadDeadlineMs });
  for (const server of servers) {
    if (server.seededIds.length === 0) throw new Error('no seeded sessions to read');
    await run(server.port, WARMUP_READS, server.seededIds);
  }
  const sinkIds = servers[0]?.seededIds ?? [];
  await run(sink.port, WARMUP_READS, sinkIds);
  const perRound = Math.ceil(plan.sessionReads.requests / ROUNDS);
  const qrdrop: LoadResult[][] = servers.map(() => []);
  const sinkLoads: LoadResult[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, server] of servers.entries()) qrdrop[i]?.push(await run(server.port, perRound, server.seededIds));
    sinkLoads.push(await run(sink.port, perRound, sinkIds));
  }
  return { qrdrop: qrdrop.map(mergeLoads), sink: mergeLoads(sinkLoads) };
}
