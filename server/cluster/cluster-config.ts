/**
 * server/cluster/: cluster mode (issue 13: many instances on PostgreSQL and S3-compatible storage). This file reads
 * its settings from the environment; the rest of the folder is its data layer (store.ts, the interface; pg-*.ts,
 * the PostgreSQL side). Cluster mode is not wired into the server yet: config.ts refuses to start with it
 * (refuseUnfinishedClusterMode).
 */
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
}

const BOTH = 'DATABASE_URL and S3_BUCKET go together (cluster mode: PostgreSQL for the rows, S3 for the photos): set both or neither';
const S3_DETAILS = ['S3_ENDPOINT', 'S3_REGION', 'S3_FORCE_PATH_STYLE', 'S3_PREFIX'] as const;
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
    const stray = S3_DETAILS.filter((name) => value(name) !== undefined);
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
  if (!['1', '0', 'true', 'false', 'yes', 'no'].includes(pathStyle)) problems.push('S3_FORCE_PATH_STYLE must be true or false');
  const prefix = value('S3_PREFIX') ?? '';
  if (prefix !== '' && !/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*\/?$/.test(prefix)) {
    problems.push('S3_PREFIX must be key segments of letters, digits and !_.*\'()- separated by "/", such as qrdrop/prod');
  }
  if (problems.length > 0) return problems;
  return {
    databaseUrl,
    s3: {
      bucket,
      endpoint,
      region,
      forcePathStyle: pathStyle === '1' || pathStyle === 'true' || pathStyle === 'yes',
      prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`,
    },
  };
}

/** DATABASE_URL or S3_BUCKET is set: someone asked for cluster mode (complete or not). */
export function clusterRequested(env: Record<string, string | undefined>): boolean {
  return ['DATABASE_URL', 'S3_BUCKET'].some((name) => (env[name]?.trim() ?? '') !== '');
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
