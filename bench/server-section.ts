import { type ServerPlan, TARGETS } from './bench-config';
import { phonePhoto } from './fixtures';
import { fmtCount, fmtMb, fmtMBps, fmtMs, fmtRate, fmtRatio } from './format';
import type { LoadResult } from './load-generator';
import { progress } from './progress';
import { startQrdrop } from './qrdrop-server';
import { startRawSink } from './raw-sink';
import type { SectionResult, Table, TargetCheck } from './results';
import { type IngestLevel, ingestLevel } from './server-ingest';
import { type ReadsRun, sessionReads } from './session-reads';
import { percentile, ratio } from './stats';

interface DatabaseRun {
  sessions: number;
  ingest: IngestLevel[];
  reads: ReadsRun;
}

const throughput = (load: LoadResult) => (load.bodyBytes / load.wallMs) * 1000;
const requestsPerSecond = (load: LoadResult) => (load.ok / load.wallMs) * 1000;
const latency = (load: LoadResult) => `${fmtMs(percentile(load.latenciesMs, 50))} / ${fmtMs(percentile(load.latenciesMs, 99))}`;

/** Section 5: the server next to a raw node:http sink, at 1, 10 and 50 concurrent uploads, with 100 and 10,000 sessions. */
export async function serverSection(plan: ServerPlan): Promise<SectionResult> {
  const started = performance.now();
  const photo = phonePhoto(1);
  const sink = await startRawSink();
  const runs: DatabaseRun[] = [];
  try {
    for (const sessions of plan.databaseSizes) {
      progress(`server: starting qrdrop with ${sessions} sessions in the database`);
      const qrdrop = await startQrdrop({ seedSessions: sessions });
      try {
        const ingest: IngestLevel[] = [];
        for (const level of plan.ingest) {
          progress(`server: ${level.uploads} uploads of ${fmtMb(photo.bytes)}, ${level.concurrency} at a time`);
          ingest.push(await ingestLevel(qrdrop, sink, photo.path, level, plan));
        }
        progress(`server: ${plan.sessionReads.requests} session reads`);
        runs.push({ sessions, ingest, reads: await sessionReads(qrdrop, sink, plan) });
      } finally {
        await qrdrop.close();
      }
    }
  } finally {
    await sink.stop();
  }
  return {
    id: 'server',
    title: 'Server: ingest and session reads',
    status: 'ok',
    tables: [ingestTable(runs, photo.bytes), readsTable(runs)],
    targets: [ingestTarget(runs)],
    notes: failureNotes(runs),
    data: { photoBytes: photo.bytes, runs: runs.map(summarize) },
    durationMs: performance.now() - started,
  };
}

function ingestTable(runs: DatabaseRun[], photoBytes: number): Table {
  const baseline = runs[0];
  const rows = runs.flatMap((run) =>
    run.ingest.map((level, i) => {
      const q = throughput(level.qrdrop.load);
      const s = throughput(level.sink.load);
      const d = (level.disk.bytes / level.disk.wallMs) * 1000;
      const first = baseline?.ingest[i];
      return [
        fmtCount(run.sessions),
        String(level.concurrency),
        `${level.qrdrop.load.ok}/${level.uploads} (${level.storedByServer} stored)`,
        fmtMBps(q),
        fmtMBps(s),
        fmtRatio(ratio(q, s)),
        fmtMBps(d),
        fmtRatio(ratio(q, d)),
        latency(level.qrdrop.load),
        latency(level.sink.load),
        fmtMb(level.qrdrop.peakRssBytes),
        fmtMb(level.sink.peakRssBytes),
        run === baseline || first === undefined ? '—' : fmtRatio(ratio(q, throughput(first.qrdrop.load))),
      ];
    }),
  );
  return {
    caption: `Ingest of a ${fmtMb(photoBytes)} JPEG (multipart), qrdrop vs raw node:http sink, same client, same run`,
    columns: ['sessions in DB', 'concurrent', 'ok', 'qrdrop', 'raw sink', 'qrdrop/sink', 'disk write+fsync', 'qrdrop/disk', 'qrdrop p50 / p99', 'sink p50 / p99', 'qrdrop peak RSS', 'sink peak RSS', 'qrdrop vs 100 sessions'],
    rows,
  };
}

function readsTable(runs: DatabaseRun[]): Table {
  const baseline = runs[0];
  return {
    caption: 'Session reads (GET /api/v1/upload/{id}/session), 10 concurrent, vs the raw sink answering the same paths',
    columns: ['sessions in DB', 'ok', 'qrdrop', 'raw sink', 'qrdrop/sink', 'qrdrop p50 / p99', 'sink p50 / p99', 'qrdrop vs 100 sessions'],
    rows: runs.map((run) => {
      const q = requestsPerSecond(run.reads.qrdrop);
      const s = requestsPerSecond(run.reads.sink);
      return [
        fmtCount(run.sessions),
        `${run.reads.qrdrop.ok}/${run.reads.qrdrop.ok + run.reads.qrdrop.failures}`,
        fmtRate(q, 'req'),
        fmtRate(s, 'req'),
        fmtRatio(ratio(q, s)),
        latency(run.reads.qrdrop),
        latency(run.reads.sink),
        run === baseline || baseline === undefined ? '—' : fmtRatio(ratio(q, requestsPerSecond(baseline.reads.qrdrop))),
      ];
    }),
  };
}

function ingestTarget(runs: DatabaseRun[]): TargetCheck {
  const levels = runs.flatMap((run) => run.ingest.map((level) => ({ run, level, r: ratio(throughput(level.qrdrop.load), throughput(level.sink.load)) })));
  const worst = levels.reduce<(typeof levels)[number] | undefined>((low, item) => (low === undefined || !(item.r >= low.r) ? item : low), undefined);
  if (worst === undefined || !Number.isFinite(worst.r)) {
    return { name: 'Server ingest vs raw sink', target: `≥ ${TARGETS.ingestRatio}×`, measured: 'n/a', met: null };
  }
  const where = `${worst.level.concurrency} concurrent, ${fmtCount(worst.run.sessions)} sessions`;
  const met = worst.r >= TARGETS.ingestRatio;
  return {
    name: 'Server ingest vs raw sink (worst level)',
    target: `≥ ${TARGETS.ingestRatio}×`,
    measured: `${fmtRatio(worst.r)} (${where})`,
    met,
    ...(met ? {} : { note: `misses by ${fmtRatio(TARGETS.ingestRatio / worst.r)}` }),
  };
}

function failureNotes(runs: DatabaseRun[]): string[] {
  const notes: string[] = [];
  for (const run of runs) {
    for (const level of run.ingest) {
      for (const [side, load] of [['qrdrop', level.qrdrop.load], ['sink', level.sink.load]] as const) {
        if (load.failures > 0) notes.push(`${side}, ${level.concurrency} concurrent, ${run.sessions} sessions: ${load.failures} failed (${load.failureSamples.join('; ')})`);
      }
      if (level.storedByServer !== level.qrdrop.load.ok) notes.push(`${run.sessions} sessions, ${level.concurrency} concurrent: server answered 201 ${level.qrdrop.load.ok} times but reports ${level.storedByServer} stored`);
    }
    for (const [side, load] of [['qrdrop', run.reads.qrdrop], ['sink', run.reads.sink]] as const) {
      if (load.failures > 0) notes.push(`reads, ${side}, ${run.sessions} sessions: ${load.failures} failed (${load.failureSamples.join('; ')})`);
    }
  }
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

function summarize(run: DatabaseRun) {
  return {
    sessions: run.sessions,
    ingest: run.ingest.map((level) => ({
      concurrency: level.concurrency,
      uploads: level.uploads,
      storedByServer: level.storedByServer,
      qrdrop: { ...loadSummary(level.qrdrop.load), bytesPerSecond: throughput(level.qrdrop.load), peakRssBytes: level.qrdrop.peakRssBytes },
      sink: { ...loadSummary(level.sink.load), bytesPerSecond: throughput(level.sink.load), peakRssBytes: level.sink.peakRssBytes },
      disk: { ...level.disk, bytesPerSecond: (level.disk.bytes / level.disk.wallMs) * 1000 },
    })),
    reads: {
      qrdrop: { ...loadSummary(run.reads.qrdrop), perSecond: requestsPerSecond(run.reads.qrdrop) },
      sink: { ...loadSummary(run.reads.sink), perSecond: requestsPerSecond(run.reads.sink) },
    },
  };
}
