import type { ServerPlan } from './bench-config';
import type { ChildServer } from './child-process';
import { runLoad, type LoadResult } from './load-generator';
import type { QrdropServer } from './qrdrop-server';

export interface ReadsRun {
  qrdrop: LoadResult;
  sink: LoadResult;
}

/**
 * GET /api/v1/upload/{id}/session (the page's first request) over the seeded sessions, spread evenly so that
 * the database really is searched, against the raw sink answering the same paths with a small JSON body.
 */
export async function sessionReads(qrdrop: QrdropServer, sink: ChildServer, plan: ServerPlan): Promise<ReadsRun> {
  const ids = qrdrop.seededIds;
  if (ids.length === 0) throw new Error('no seeded sessions to read');
  // A stride coprime with most sizes walks the whole table rather than a hot corner of it.
  const request = (i: number) => ({ method: 'GET' as const, path: `/api/v1/upload/${ids[(i * 7919) % ids.length] ?? ''}/session` });
  const run = (port: number, total: number) =>
    runLoad({ port, concurrency: plan.sessionReads.concurrency, total, request, expectStatus: 200, deadlineMs: plan.loadDeadlineMs });
  const warmup = Math.min(500, plan.sessionReads.requests);
  await run(qrdrop.port, warmup);
  await run(sink.port, warmup);
  return { qrdrop: await run(qrdrop.port, plan.sessionReads.requests), sink: await run(sink.port, plan.sessionReads.requests) };
}
