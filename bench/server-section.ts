import { type ServerPlan, TARGETS } from './bench-config';
import { phonePhoto } from './fixtures';
import { fmtCount, fmtMb, fmtMBps, fmtMs, fmtRate, fmtRatio } from './format';
import type { LoadResult } from './load-generator';
import { progress } from './progress';
import { type QrdropServer, startQrdrop } from './qrdrop-server';
import { startDurableSink, startRawSink } from './raw-sink';
import type { SectionResult, Table, TargetCheck } from './results';
import { type IngestLevel, ingestLevel } from './server-ingest';
import { type ReadsRun, sessionReads } from './session-reads';
import { percentile, ratio } from './stats';

const throughput = (load: LoadResult) => (load.bodyBytes / load.wallMs) * 1000;
const requestsPerSecond = (load: LoadResult) => (load.ok / load.wallMs) * 1000;
const latency = (load: LoadResult) => `${fmtMs(percentile(load.latenciesMs, 50))} / ${fmtMs(percentile(load.latenciesMs, 99))}`;

/**
 * Section 5: the real server next to a raw node:http sink, a durable node:http sink (file, SHA-256, fsync) and the
 * disk's own write+fsync, at 1, 10 and 50 concurrent uploads, and session reads; one server per database size
 * (100 and 10,000 sessions), all running at once and measured in interleaved rounds, so growth with the database is
 * compared at the same moment.
 */
export async function serverSection(plan: ServerPlan): Promise<SectionResult> {
  const started = performance.now();
  const photo = phonePhoto(1);
  const sizes = plan.databaseSizes;
  const ingest: IngestLevel[] = [];
  let reads: ReadsRun | undefined;
  const sink = await startRawSink();
  const durable = await startDurableSink();
  const servers: QrdropServer[] = [];
  try {
    for (const sessions of sizes) {
      progress(`server: starting qrdrop with ${fmtCount(sessions)} sessions in the database`);
      servers.push(await startQrdrop({ seedSessions: sessions }));
    }
    for (const level of plan.ingest) {
      progress(`server: ${level.uploads} uploads of ${fmtMb(photo.bytes)} per side, ${level.concurrency} at a time`);
      ingest.push(await ingestLevel(servers, sink, durable, photo.path, level, plan));
    }
    progress(`server: ${plan.sessionReads.requests} session reads per side`);
    reads = await sessionReads(servers, sink, plan);
  } finally {
    await Promise.all([sink.stop(), durable.stop(), ...servers.map((s) => s.close())]);
  }
  return {
    id: 'server',
    title: 'Server: ingest and session reads',
    status: 'ok',
    tables: [ingestTable(sizes, ingest, photo.bytes), readsTable(sizes, reads)],
    targets: [ingestTarget(sizes, ingest), durableTarget(sizes, ingest)],
    notes: [
      'The raw sink, the durable sink and the disk figure are measured once per level, in the same rounds as both servers; both rows of a level show them.',
      'raw sink: node:http that counts the bytes and stores nothing. durable sink: node:http that streams each body to its own new file, SHA-256 as it streams, fsync before answering 201 (bench/durable-sink-main.ts): the least a server that promises the photo is kept must do, without parsing multipart, checking the image or writing a database row.',
      ...failureNotes(sizes, ingest, reads),
    ],
    data: { photoBytes: photo.bytes, databaseSizes: sizes, ingest: ingest.map(summarizeLevel), reads: summarizeReads(reads) },
    durationMs: performance.now() - started,
  };
}

function ingestTable(sizes: number[], levels: IngestLevel[], photoBytes: number): Table {
  const rows = levels.flatMap((level) => {
    const s = throughput(level.sink.load);
    const durable = throughput(level.durable.load);
    const d = (level.disk.bytes / level.disk.wallMs) * 1000;
    const first = level.qrdrop[0];
    return level.qrdrop.map((run, i) => {
      const q = throughput(run.load);
      return [
        fmtCount(sizes[i] ?? Number.NaN),
        String(level.concurrency),
        `${run.load.ok}/${level.uploads} (${run.storedByServer} stored)`,
        fmtMBps(q),
        fmtMBps(s),
        fmtRatio(ratio(q, s)),
        fmtMBps(durable),
        fmtRatio(ratio(q, durable)),
        fmtMBps(d),
        fmtRatio(ratio(q, d)),
        latency(run.load),
        latency(level.sink.load),
        latency(level.durable.load),
        fmtMb(run.peakRssBytes),
        fmtMb(level.sink.peakRssBytes),
        i === 0 || first === undefined ? '—' : fmtRatio(ratio(q, throughput(first.load))),
      ];
    });
  });
  return {
    caption: `Ingest of a ${fmtMb(photoBytes)} JPEG (multipart), qrdrop vs raw node:http sink (counts, stores nothing) vs durable node:http sink (file + SHA-256 + fsync) vs the disk (write+fsync), same client, interleaved rounds`,
    columns: ['sessions in DB', 'concurrent', 'ok', 'qrdrop', 'raw sink', 'qrdrop/sink', 'durable sink', 'qrdrop/durable', 'disk write+fsync', 'qrdrop/disk', 'qrdrop p50 / p99', 'sink p50 / p99', 'durable p50 / p99', 'qrdrop peak RSS', 'sink peak RSS', `vs ${fmtCount(sizes[0] ?? Number.NaN)} sessions`],
    rows,
  };
}

function readsTable(sizes: number[], reads: ReadsRun | undefined): Table {
  const caption = 'Session reads (GET /api/v1/upload/{id}/session), 10 concurrent, vs the raw sink answering the same paths';
  const columns = ['sessions in DB', 'ok', 'qrdrop', 'raw sink', 'qrdrop/sink', 'qrdrop p50 / p99', 'sink p50 / p99', `vs ${fmtCount(sizes[0] ?? Number.NaN)} sessions`];
  if (reads === undefined) return { caption, columns, rows: [] };
  const s = requestsPerSecond(reads.sink);
  const first = reads.qrdrop[0];
  return {
    caption,
    columns,
    rows: reads.qrdrop.map((load, i) => {
      const q = requestsPerSecond(load);
      return [
        fmtCount(sizes[i] ?? Number.NaN),
        `${load.ok}/${load.ok + load.failures}`,
        fmtRate(q, 'req'),
        fmtRate(s, 'req'),
        fmtRatio(ratio(q, s)),
        latency(load),
        latency(reads.sink),
        i === 0 || first === undefined ? '—' : fmtRatio(ratio(q, requestsPerSecond(first))),
      ];
    }),
  };
}

function ingestTarget(sizes: number[], levels: IngestLevel[]): TargetCheck {
  return worstRatioTarget('Server ingest vs raw sink (worst level)', TARGETS.ingestRatio, sizes, levels, (level) => level.sink);
}

function durableTarget(sizes: number[], levels: IngestLevel[]): TargetCheck {
  return worstRatioTarget('Server ingest vs durable sink (worst level)', TARGETS.durableIngestRatio, sizes, levels, (level) => level.durable);
}

/** The lowest qrdrop / baseline throughput over every level and database size, against `goal`. */
function worstRatioTarget(name: string, goal: number, sizes: number[], levels: IngestLevel[], baseline: (level: IngestLevel) => { load: LoadResult }): TargetCheck {
  const all = levels.flatMap((level) =>
    level.qrdrop.map((run, i) => ({ level, sessions: sizes[i] ?? Number.NaN, r: ratio(throughput(run.load), throughput(baseline(level).load)) })),
  );
  const worst = all.reduce<(typeof all)[number] | undefined>((low, item) => (low === undefined || !(item.r >= low.r) ? item : low), undefined);
  if (worst === undefined || !Number.isFinite(worst.r)) return { name, target: `≥ ${goal}×`, measured: 'n/a', met: null };
  const met = worst.r >= goal;
  const perLevel = levels.map((level) => {
    const ratios = level.qrdrop.map((run) => ratio(throughput(run.load), throughput(baseline(level).load)));
    return `${level.concurrency}: ${ratios.map(fmtRatio).join('/')}`;
  });
  return {
    name,
    target: `≥ ${goal}×`,
    measured: `${fmtRatio(worst.r)} (${worst.level.concurrency} concurrent, ${fmtCount(worst.sessions)} sessions; per level ${perLevel.join(', ')})`,
    met,
    ...(met ? {} : { note: `misses by ${fmtRatio(goal / worst.r)}` }),
  };
}

function failureNotes(sizes: number[], levels: IngestLevel[], reads: ReadsRun | undefined): string[] {
  const notes: string[] = [];
  const failed = (what: string, load: LoadResult) => {
    if (load.failures > 0) notes.push(`${what}: ${load.failures} failed (${load.failureSamples.join('; ')})`);
  };
  for (const level of levels) {
    level.qrdrop.forEach((run, i) => {
      const where = `${fmtCount(sizes[i] ?? Number.NaN)} sessions, ${level.concurrency} concurrent`;
      failed(`qrdrop, ${where}`, run.load);
      if (run.storedByServer !== run.load.ok) notes.push(`${where}: the server answered 201 ${run.load.ok} times but reports ${run.storedByServer} stored`);
    });
    failed(`sink, ${level.concurrency} concurrent`, level.sink.load);
    failed(`durable sink, ${level.concurrency} concurrent`, level.durable.load);
  }
  reads?.qrdrop.forEach((load, i) => failed(`reads, qrdrop, ${fmtCount(sizes[i] ?? Number.NaN)} sessions`, load));
  if (reads !== undefined) failed('reads, sink', reads.sink);
  return notes;
}

const loadSummary = (load: LoadResult) => ({
  ok: load.ok,
  failures: load.failures,
  wallMs: load.wallMs,
  bodyBytes: load.bodyBytes,
  p50Ms: percentile(load.latenciesMs, 50),
  p99Ms: percentile(load.latenciesMs, 99),
});

const summarizeLevel = (level: IngestLevel) => ({
  concurrency: level.concurrency,
  uploads: level.uploads,
  qrdrop: level.qrdrop.map((run) => ({ ...loadSummary(run.load), bytesPerSecond: throughput(run.load), peakRssBytes: run.peakRssBytes, storedByServer: run.storedByServer })),
  sink: { ...loadSummary(level.sink.load), bytesPerSecond: throughput(level.sink.load), peakRssBytes: level.sink.peakRssBytes },
  durable: { ...loadSummary(level.durable.load), bytesPerSecond: throughput(level.durable.load), peakRssBytes: level.durable.peakRssBytes },
  disk: { ...level.disk, bytesPerSecond: (level.disk.bytes / level.disk.wallMs) * 1000 },
});

const summarizeReads = (reads: ReadsRun | undefined) =>
  reads === undefined
    ? null
    : {
        qrdrop: reads.qrdrop.map((load) => ({ ...loadSummary(load), perSecond: requestsPerSecond(load) })),
        sink: { ...loadSummary(reads.sink), perSecond: requestsPerSecond(reads.sink) },
      };
