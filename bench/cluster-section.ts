import fs from 'node:fs';
import path from 'node:path';
import type { ClusterPlan } from './bench-config';
import { type ClusterIngestLevel, type ClusterSide, clusterIngestLevel, clusterSessionReads, type SideRun } from './cluster-runs';
import { startClusterServices } from './cluster-services';
import { phonePhoto } from './fixtures';
import { fmtMb, fmtMBps, fmtMs, fmtRate, fmtRatio } from './format';
import type { LoadResult } from './load-generator';
import { type ConnectionPeak, SAMPLE_EVERY_MS, sampleConnections } from './pg-connections';
import { progress } from './progress';
import { type QrdropServer, startQrdrop } from './qrdrop-server';
import type { SectionResult, Table } from './results';
import { percentile, ratio } from './stats';

export const CLUSTER_TITLE = 'Cluster: one vs two instances on PostgreSQL + S3, against SQLite + disk';

/** Said with the table, every time: what these figures can and cannot show on this machine. */
export const NOT_SCALING =
  'This machine has 2 shared cores, and PostgreSQL, s3rver (writing to the same local disk), both instances and the load generator all run on them: these figures prove that one and two instances on PostgreSQL + S3 work correctly under load (every 201 stored, counted exactly), not that a second instance scales. Two instances here share the cores one instance already had; on separate machines the figure would differ.';

const INSTANCE_NAMES = ['qrdrop-bench-a', 'qrdrop-bench-b'] as const;
/** createPgPool's default: each instance opens at most this many connections. */
const POOL_MAX_PER_INSTANCE = 10;

/**
 * The cluster section (issue 13): qrdrop on SQLite + disk, one instance on PostgreSQL + S3, and two instances on the
 * same database and bucket, all running at once and measured in alternated rounds: ingest MB/s and session reads/s
 * with p50/p99, and the PostgreSQL connections the instances hold at the peak. PostgreSQL and s3rver are started
 * here and stopped at the end.
 */
export async function clusterSection(plan: ClusterPlan): Promise<SectionResult> {
  const started = performance.now();
  const photo = phonePhoto(1);
  const bytes = fs.readFileSync(photo.path);
  progress('cluster: starting PostgreSQL and s3rver');
  const services = await startClusterServices();
  const instances: QrdropServer[] = [];
  const sampler = sampleConnections(services.databaseUrl, 'qrdrop-bench-');
  const ingest: ClusterIngestLevel[] = [];
  let reads: SideRun[] = [];
  try {
    progress('cluster: starting qrdrop on SQLite and two instances on PostgreSQL + S3');
    const instance = (name: string) => startQrdrop({ script: path.resolve('bench/cluster-instance-main.ts'), env: services.instanceEnv(name) });
    // Together: the instances migrate the schema once between them, under the migrations' advisory lock.
    const [local, a, b] = await startAll(instances, [startQrdrop(), instance(INSTANCE_NAMES[0]), instance(INSTANCE_NAMES[1])]);
    if (local === undefined || a === undefined || b === undefined) throw new Error('three servers expected');
    const sides: ClusterSide[] = [
      { backend: 'SQLite + disk', instances: [local], connectionNames: [] },
      { backend: 'PostgreSQL + S3', instances: [a], connectionNames: [INSTANCE_NAMES[0]] },
      { backend: 'PostgreSQL + S3', instances: [a, b], connectionNames: [...INSTANCE_NAMES] },
    ];
    for (const level of plan.ingest) {
      progress(`cluster: ${level.uploads} uploads of ${fmtMb(photo.bytes)} per side, ${level.concurrency} at a time`);
      ingest.push(await clusterIngestLevel(sides, sampler, bytes, level, plan));
    }
    progress(`cluster: ${plan.sessionReads.requests} session reads per side`);
    reads = await clusterSessionReads(sides, sampler, plan);
  } finally {
    await sampler.stop();
    await Promise.all(instances.map((instance) => instance.close()));
    await services.stop();
  }
  const samplerFailure = sampler.failure();
  return {
    id: 'cluster',
    title: CLUSTER_TITLE,
    status: 'ok',
    tables: [clusterIngestTable(ingest, photo.bytes), clusterReadsTable(reads, plan.sessionReads.concurrency)],
    targets: [],
    notes: [
      NOT_SCALING,
      'Sides: `npm run serve`\'s server on SQLite + its data folder; instance A alone on PostgreSQL + S3; instances A and B on the same schema and bucket, the load split client-side (request i to instance i mod 2 over the same kept-alive client: what a round-robin load balancer does, without its hop; no proxy process). All three run at once, each figure alternates them in rounds. Instances are `buildApp({ config, clusterOptions })` in processes of their own (bench/cluster-instance-main.ts).',
      `PostgreSQL 15 as the cluster tests run it (server/test/pg-service.ts: a temporary folder, loopback, fsync off); s3rver 3.7.1 in a process of its own (bench/s3rver-main.ts), storing into the OS temp dir. Connections: pg_stat_activity read every ${SAMPLE_EVERY_MS} ms, the instances' own (by application_name), busy = not idle; each instance's pool holds at most ${POOL_MAX_PER_INSTANCE}.`,
      ...(samplerFailure === undefined ? [] : [`a pg_stat_activity read failed (${samplerFailure}): the connection peaks may be low`]),
      ...clusterFailureNotes(ingest, reads),
    ],
    data: { photoBytes: photo.bytes, poolMaxPerInstance: POOL_MAX_PER_INSTANCE, ingest: ingest.map(summarizeLevel), reads: reads.map((run) => summarizeRun(run, perSecond(run.load))) },
    durationMs: performance.now() - started,
  };
}

/** Waits for every start; the ones that started go into `into` (to be closed), and the first failure is thrown. */
async function startAll(into: QrdropServer[], starts: Promise<QrdropServer>[]): Promise<QrdropServer[]> {
  const settled = await Promise.allSettled(starts);
  for (const result of settled) if (result.status === 'fulfilled') into.push(result.value);
  const failure = settled.find((result) => result.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
  return settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
}

const throughput = (load: LoadResult) => (load.bodyBytes / load.wallMs) * 1000;
const perSecond = (load: LoadResult) => (load.ok / load.wallMs) * 1000;
const latency = (load: LoadResult) => `${fmtMs(percentile(load.latenciesMs, 50))} / ${fmtMs(percentile(load.latenciesMs, 99))}`;
const connections = (peak: ConnectionPeak | null) => (peak === null ? '—' : `${peak.busy} / ${peak.open}`);

/** One row per side: figure, vs SQLite (the first side), vs one instance (the second), latency, connections. */
function sideRows<Run extends SideRun>(runs: Run[], figure: (load: LoadResult) => number, show: (value: number) => string, lead: (run: Run) => string[]): string[][] {
  const sqlite = runs[0];
  const one = runs[1];
  return runs.map((run, i) => {
    const value = figure(run.load);
    return [
      run.backend,
      String(run.instances),
      ...lead(run),
      show(value),
      i === 0 || sqlite === undefined ? '—' : fmtRatio(ratio(value, figure(sqlite.load))),
      i < 2 || one === undefined ? '—' : fmtRatio(ratio(value, figure(one.load))),
      latency(run.load),
      connections(run.connections),
    ];
  });
}

export function clusterIngestTable(levels: ClusterIngestLevel[], photoBytes: number): Table {
  return {
    caption: `Cluster ingest of a ${fmtMb(photoBytes)} JPEG (multipart): SQLite + disk vs one and two instances on PostgreSQL + S3 (s3rver), same client, alternated rounds; 2 shared cores: correctness, not scaling`,
    columns: ['backend', 'instances', 'concurrent', 'ok (stored)', 'MB/s', 'vs SQLite', 'vs 1 instance', 'p50 / p99', 'PG connections busy / open (peak)'],
    rows: levels.flatMap((level) =>
      sideRows(level.sides, throughput, fmtMBps, (run) => [String(level.concurrency), `${run.load.ok}/${level.uploads} (${run.stored})`]),
    ),
  };
}

export function clusterReadsTable(reads: SideRun[], concurrency: number): Table {
  return {
    caption: `Cluster session reads (GET /api/v1/upload/{id}/session), ${concurrency} concurrent: SQLite vs one and two instances on PostgreSQL, alternated rounds; 2 shared cores: correctness, not scaling`,
    columns: ['backend', 'instances', 'ok', 'req/s', 'vs SQLite', 'vs 1 instance', 'p50 / p99', 'PG connections busy / open (peak)'],
    rows: sideRows(reads, perSecond, (value) => fmtRate(value, 'req'), (run) => [`${run.load.ok}/${run.load.ok + run.load.failures}`]),
  };
}

/** Failed requests, and a 201 the sessions do not show as stored: both are what this section exists to catch. */
export function clusterFailureNotes(levels: ClusterIngestLevel[], reads: SideRun[]): string[] {
  const notes: string[] = [];
  const where = (run: SideRun) => `${run.backend}, ${run.instances} instance${run.instances === 1 ? '' : 's'}`;
  const failed = (what: string, load: LoadResult) => {
    if (load.failures > 0) notes.push(`${what}: ${load.failures} failed (${load.failureSamples.join('; ')})`);
  };
  for (const level of levels) {
    for (const run of level.sides) {
      failed(`ingest, ${where(run)}, ${level.concurrency} concurrent`, run.load);
      if (run.stored !== run.load.ok) notes.push(`ingest, ${where(run)}, ${level.concurrency} concurrent: ${run.load.ok} answered 201 but the sessions hold ${run.stored}`);
    }
  }
  for (const run of reads) failed(`reads, ${where(run)}`, run.load);
  return notes;
}

const summarizeRun = (run: SideRun, rate: number) => ({
  backend: run.backend,
  instances: run.instances,
  ok: run.load.ok,
  failures: run.load.failures,
  wallMs: run.load.wallMs,
  bodyBytes: run.load.bodyBytes,
  rate,
  p50Ms: percentile(run.load.latenciesMs, 50),
  p99Ms: percentile(run.load.latenciesMs, 99),
  connections: run.connections,
});

const summarizeLevel = (level: ClusterIngestLevel) => ({
  concurrency: level.concurrency,
  uploads: level.uploads,
  sides: level.sides.map((run) => ({ ...summarizeRun(run, throughput(run.load)), stored: run.stored })),
});
