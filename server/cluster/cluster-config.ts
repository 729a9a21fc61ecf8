/**
 * server/cluster/: cluster mode (issue 13: many instances on PostgreSQL and S3-compatible storage). This file reads
 * its settings from the environment; the rest of the folder is its data layer (store.ts, the interface; pg-*.ts,
 * the PostgreSQL side); cluster-stores.ts opens them for buildApp.
 */
import { DELIVERY } from '../limits';

/** Where a cluster keeps its state: PostgreSQL for the rows, an S3-compatible bucket for the photo bytes. */
export interface ClusterConfig {
  /** postgres:// or postgresql:// connection string (DATABASE_URL). */
  databaseUrl: string;
  s3: {
    bucket: string;
    /** S3_ENDPOINT, for S3-compatible servers (R2, Ceph, s3rver); null: the AWS SDK's own endpoint for the region. */
    endpoint: string | null;
    /** S3_REGION; null: the AWS SDK's usual resolution (AWS_REGION, profile). */
    region: string | null;
    /** S3_FORCE_PATH_STYLE: `endpoint/bucket/key` instead of `bucket.endpoint/key` (most self-hosted servers). */
    forcePathStyle: boolean;
    /** S3_PREFIX: every key starts with it; '' or a prefix ending in '/'. */
    prefix: string;
  };
  /** QRDROP_INSTANCE_ID: the name this instance claims deliveries under; null: host, process id and a random part. */
  instanceId: string | null;
  /**
   * DELIVERY_LEASE_MS and DELIVERY_LEASE_SWEEP_MS: how long a claim holds a delivery and how often each instance
   * looks for lapsed ones (DELIVERY's defaults). A lease shorter than a whole send lets a live sender lose its claim.
   */
  delivery: { leaseMs: number; leaseSweepMs: number };
}

const BOTH = 'DATABASE_URL and S3_BUCKET go together (cluster mode: PostgreSQL for the rows, S3 for the photos): set both or neither';
const CLUSTER_ONLY = [
  'S3_ENDPOINT',
  'S3_REGION',
  'S3_FORCE_PATH_STYLE',
  'S3_PREFIX',
  'QRDROP_INSTANCE_ID',
  'DELIVERY_LEASE_MS',
  'DELIVERY_LEASE_SWEEP_MS',
] as const;
const BOOLEAN = ['1', '0', 'true', 'false', 'yes', 'no'];
const isTrue = (text: string) => text === '1' || text === 'true' || text === 'yes';
/** The bounds of DELIVERY_LEASE_MS and DELIVERY_LEASE_SWEEP_MS (ms): a second (tests) to an hour. */
const LEASE_BOUNDS = { min: 1_000, max: 3_600_000 } as const;
const SWEEP_BOUNDS = { min: 100, max: 3_600_000 } as const;
/** S3's bucket naming rules (lowercase letters, digits, dots and hyphens; 3–63; starts and ends alphanumeric). */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * The cluster settings from the environment, or null when neither DATABASE_URL nor S3_BUCKET is set (the default:
 * SQLite and the data folder). Returns the problems found instead, each a line for ConfigError.
 */
export function readClusterConfig(env: Record<string, string | undefined>): ClusterConfig | null | string[] {
  const value = (name: string): string | undefined => {
    const raw = env[name]?.trim();
    return raw === undefined || raw === '' ? undefined : raw;
  };
  const databaseUrl = value('DATABASE_URL');
  const bucket = value('S3_BUCKET');
  if (databaseUrl === undefined && bucket === undefined) {
    const stray = CLUSTER_ONLY.filter((name) => value(name) !== undefined);
    return stray.length === 0 ? null : [`${stray.join(', ')} only apply in cluster mode: ${BOTH}`];
  }
  if (databaseUrl === undefined || bucket === undefined) return [BOTH];

  const problems: string[] = [];
  if (!/^postgres(ql)?:\/\/[^\s]+$/.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL such as postgres://qrdrop@db.internal:5432/qrdrop');
  }
  if (!BUCKET.test(bucket)) problems.push('S3_BUCKET must be a bucket name: 3–63 lowercase letters, digits, dots or hyphens');
  const endpoint = value('S3_ENDPOINT') ?? null;
  if (endpoint !== null && !isHttpUrl(endpoint)) problems.push('S3_ENDPOINT must be an http:// or https:// URL such as https://s3.example.com');
  const region = value('S3_REGION') ?? null;
  if (region !== null && !/^[a-z0-9-]{2,40}$/.test(region)) problems.push('S3_REGION must be a region name such as eu-west-1');
  const pathStyle = (value('S3_FORCE_PATH_STYLE') ?? 'false').toLowerCase();
  if (!BOOLEAN.includes(pathStyle)) problems.push('S3_FORCE_PATH_STYLE must be true or false');
  const prefix = value('S3_PREFIX') ?? '';
  if (prefix !== '' && !/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*\/?$/.test(prefix)) {
    problems.push('S3_PREFIX must be key segments of letters, digits and !_.*\'()- separated by "/", such as qrdrop/prod');
  }
  const instanceId = value('QRDROP_INSTANCE_ID') ?? null;
  if (instanceId !== null && !/^[A-Za-z0-9_.-]{1,100}$/.test(instanceId)) {
    problems.push('QRDROP_INSTANCE_ID must be 1–100 letters, digits, "_", "-" or "." (the pod or host name, for example)');
  }
  const leaseMs = wholeNumber(value('DELIVERY_LEASE_MS'), DELIVERY.leaseMs);
  if (leaseMs === null || leaseMs < LEASE_BOUNDS.min || leaseMs > LEASE_BOUNDS.max) {
    problems.push(`DELIVERY_LEASE_MS must be a whole number of milliseconds from ${LEASE_BOUNDS.min} to ${LEASE_BOUNDS.max}`);
  }
  const leaseSweepMs = wholeNumber(value('DELIVERY_LEASE_SWEEP_MS'), DELIVERY.leaseSweepMs);
  if (leaseSweepMs === null || leaseSweepMs < SWEEP_BOUNDS.min || leaseSweepMs > SWEEP_BOUNDS.max) {
    problems.push(`DELIVERY_LEASE_SWEEP_MS must be a whole number of milliseconds from ${SWEEP_BOUNDS.min} to ${SWEEP_BOUNDS.max}`);
  }
  if (problems.length > 0 || leaseMs === null || leaseSweepMs === null) return problems;
  return {
    databaseUrl,
    s3: {
      bucket,
      endpoint,
      region,
      forcePathStyle: isTrue(pathStyle),
      prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`,
    },
    instanceId,
    delivery: { leaseMs, leaseSweepMs },
  };
}

/** DATABASE_URL or S3_BUCKET is set: someone asked for cluster mode (complete or not). */
export function clusterRequested(env: Record<string, string | undefined>): boolean {
  return ['DATABASE_URL', 'S3_BUCKET'].some((name) => (env[name]?.trim() ?? '') !== '');
}

/** A setting's whole number, its default when unset, or null when it is not one. */
function wholeNumber(text: string | undefined, fallback: number): number | null {
  if (text === undefined) return fallback;
  return /^\d{1,10}$/.test(text) ? Number(text) : null;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
