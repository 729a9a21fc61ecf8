import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { inject } from 'vitest';
import type { ClusterTestEnv } from './helpers';
import { s3rverClient, s3rverSettings } from './s3-bucket';
import { S3RVER_CREDENTIALS } from './s3-service';
import { type ServerProcess, startServer } from './server-process';

/**
 * `npm run serve` as a deployment runs it, one process per instance, on the test's schema and bucket prefix: the
 * schema goes in DATABASE_URL's `options` (search_path, as libpq and node-postgres read it), s3rver's credentials in
 * the AWS SDK's usual variables, so nothing but the environment tells the process how to run.
 */
export function clusterProcessEnv(env: ClusterTestEnv): Record<string, string> {
  const schema = env.options.pgSchema;
  const url = env.env.DATABASE_URL ?? '';
  const separator = url.includes('?') ? '&' : '?';
  return {
    ...env.env,
    DATABASE_URL: schema === undefined ? url : `${url}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
  };
}

export interface ClusterProcess extends ServerProcess {
  name: string;
  base: string;
  dataDir: string;
  output: string[];
}

/** One of the cluster's instances: its own data folder (the spool), named `name` in its delivery leases. */
export async function startClusterProcess(env: ClusterTestEnv, name: string, extra: Record<string, string> = {}): Promise<ClusterProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `qrdrop-proc-${name}-`));
  const output: string[] = [];
  const server = await startServer(dataDir, output, { ...clusterProcessEnv(env), QRDROP_INSTANCE_ID: name, ...extra });
  return { ...server, name, base: `http://127.0.0.1:${server.port}`, dataDir, output };
}

/** The objects under the test's prefix (their storage names) with the SHA-256 of their bytes. */
export async function bucketObjects(env: ClusterTestEnv): Promise<Map<string, string>> {
  const s3 = s3rverSettings(inject('s3Endpoint'), inject('s3Bucket'), env.env.S3_PREFIX ?? '');
  const client = s3rverClient(s3);
  try {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: s3.prefix }));
    const objects = new Map<string, string>();
    for (const { Key } of listed.Contents ?? []) {
      if (Key === undefined) continue;
      const answer = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key }));
      const bytes = await answer.Body?.transformToByteArray();
      objects.set(Key.slice(s3.prefix.length), createHash('sha256').update(bytes ?? new Uint8Array()).digest('hex'));
    }
    return objects;
  } finally {
    client.destroy();
  }
}
