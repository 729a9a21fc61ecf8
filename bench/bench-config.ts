/**
 * Every count, profile and target of `npm run bench` in one visible place. Quick mode keeps each figure but
 * measures it fewer times (and with smaller batches) so the whole run stays under 3 minutes on a 2-core machine.
 */
import { INITIAL_BUDGET_GZIP_BYTES } from '../scripts/page-weight';

export type BenchMode = 'quick' | 'full';

export const MB = 1024 * 1024;

/** The targets of issue 6 (and 16). Each is checked against a measured figure; a miss is reported with its size. */
export const TARGETS = {
  /** The first screen: npm test's size budget itself (scripts/page-weight.ts, issue 16: under 85 KB). */
  initialGzipBytes: INITIAL_BUDGET_GZIP_BYTES,
  lcpMs: 1000,
  tbtMs: 100,
  /** qrdrop's compression time / the browser's one-shot native path. */
  compressionRatio: 1.3,
  /** No main-thread task over this while compressing. */
  longTaskMs: 50,
  /** Upload time / (bytes actually sent / bandwidth). */
  uploadRatio: 1.15,
  /** qrdrop ingest MB/s / raw sink MB/s. */
  ingestRatio: 0.6,
  /** qrdrop ingest MB/s / the durable sink's (stream to a file, SHA-256, fsync before answering). */
  durableIngestRatio: 0.8,
  /** qrdrop's input usable time / Uppy's, slow 4G at 4× CPU, same run. */
  usableVsUppyRatio: 0.5,
} as const;

/** Lighthouse's mobile profile (its "slow 4G" and a mid-range phone): what the page-load and upload figures run under. */
export const MOBILE_PROFILE = {
  rttMs: 150,
  downloadBitsPerSecond: 1.6e6,
  uploadBitsPerSecond: 750e3,
  cpuSlowdown: 4,
} as const;

/** The 10 Mbps uplink of the upload figure (a good 4G/5G or Wi-Fi link). Latency as the mobile profile. */
export const FAST_UPLINK = {
  rttMs: 150,
  downloadBitsPerSecond: 10e6,
  uploadBitsPerSecond: 10e6,
} as const;

export interface ServerPlan {
  /** Sessions in the database before the server starts, one run each. */
  databaseSizes: number[];
  /** Concurrency → uploads measured at it (after a short warm-up). */
  ingest: { concurrency: number; uploads: number }[];
  warmupUploads: number;
  sessionReads: { concurrency: number; requests: number };
  /** Hard stop for one load run: the bench never hangs on a stuck server. */
  loadDeadlineMs: number;
}

/** The cluster section (issue 13): SQLite + disk, one instance on PostgreSQL + S3, two instances on it. */
export interface ClusterPlan {
  /** Sessions created through the API on each backend, read by the session-read figure. */
  sessions: number;
  ingest: { concurrency: number; uploads: number }[];
  warmupUploads: number;
  sessionReads: { concurrency: number; requests: number; warmupRequests: number };
  /** Each figure is measured in this many rounds alternating the three sides, then pooled. */
  rounds: number;
  loadDeadlineMs: number;
}

export interface BrowserPlan {
  lighthouseRuns: number;
  timeToUsableRuns: number;
  compressionRuns: number;
  /** Include the 48 MP photo (decoding it at 4× CPU takes long). */
  compression48mp: boolean;
  /** Photos of the 10 Mbps upload, and of the slow-4G one. */
  uploadFastPhotos: number;
  uploadSlowPhotos: number;
  /** Also upload through the 10 Mbps link into a default session (photos that fit go as they are). */
  uploadDefaultSession: boolean;
  /** Run the plain uploader on slow 4G too (about a minute per 5 MB photo). */
  uploadSlowPlain: boolean;
  /** Upload runs give up after this: a stuck page must not hang the bench. */
  uploadDeadlineMs: number;
  /** Peers (issue 16): rounds of qrdrop, Uppy, FilePond, alternated; each figure is the median over the rounds. */
  peerRounds: number;
  /** Photos of each peer upload at 10 Mbps, and on slow 4G (0: that figure is left out). */
  peerFastPhotos: number;
  peerSlowPhotos: number;
}

export const PLANS: Record<BenchMode, { server: ServerPlan; cluster: ClusterPlan; browser: BrowserPlan }> = {
  quick: {
    server: {
      databaseSizes: [100, 10_000],
      ingest: [
        { concurrency: 1, uploads: 4 },
        { concurrency: 10, uploads: 20 },
        { concurrency: 50, uploads: 50 },
      ],
      warmupUploads: 2,
      sessionReads: { concurrency: 10, requests: 2_000 },
      loadDeadlineMs: 60_000,
    },
    cluster: {
      sessions: 100,
      ingest: [
        { concurrency: 1, uploads: 4 },
        { concurrency: 10, uploads: 20 },
      ],
      warmupUploads: 2,
      sessionReads: { concurrency: 10, requests: 2_000, warmupRequests: 200 },
      rounds: 2,
      loadDeadlineMs: 60_000,
    },
    browser: {
      lighthouseRuns: 1,
      timeToUsableRuns: 2,
      compressionRuns: 3,
      compression48mp: false,
      uploadFastPhotos: 3,
      uploadSlowPhotos: 1,
      uploadDefaultSession: false,
      uploadSlowPlain: false,
      uploadDeadlineMs: 120_000,
      peerRounds: 1,
      peerFastPhotos: 2,
      peerSlowPhotos: 0,
    },
  },
  full: {
    server: {
      databaseSizes: [100, 10_000],
      ingest: [
        { concurrency: 1, uploads: 10 },
        { concurrency: 10, uploads: 60 },
        { concurrency: 50, uploads: 200 },
      ],
      warmupUploads: 5,
      sessionReads: { concurrency: 10, requests: 10_000 },
      loadDeadlineMs: 180_000,
    },
    cluster: {
      sessions: 100,
      ingest: [
        { concurrency: 1, uploads: 10 },
        { concurrency: 10, uploads: 60 },
        { concurrency: 50, uploads: 100 },
      ],
      warmupUploads: 5,
      sessionReads: { concurrency: 10, requests: 10_000, warmupRequests: 500 },
      rounds: 2,
      loadDeadlineMs: 180_000,
    },
    browser: {
      lighthouseRuns: 5,
      timeToUsableRuns: 5,
      compressionRuns: 3,
      compression48mp: true,
      uploadFastPhotos: 10,
      uploadSlowPhotos: 3,
      uploadDefaultSession: true,
      uploadSlowPlain: true,
      uploadDeadlineMs: 360_000,
      peerRounds: 3,
      peerFastPhotos: 6,
      peerSlowPhotos: 2,
    },
  },
};

/** The bench's own integrator key (test env), only ever given to servers the bench starts on loopback. */
export const BENCH_API_KEY = 'aptr_test_bench000000000000000';

/** Rate limits raised far past what the bench sends: it measures throughput, not the limiter. */
export const BENCH_RATE_LIMITS = {
  RATE_LIMIT_SESSION_CREATES: '1000000',
  RATE_LIMIT_SESSION_READS: '1000000',
  RATE_LIMIT_OTHER: '1000000',
  RATE_LIMIT_UPLOADS_PER_SESSION: '1000000',
} as const;
