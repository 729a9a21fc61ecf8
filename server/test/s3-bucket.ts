import { randomBytes } from 'node:crypto';
import { DeleteObjectCommand, ListObjectsV2Command, type S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { inject } from 'vitest';
import type { ClusterConfig } from '../cluster/cluster-config';
import { createS3Client } from '../cluster/s3-client';
import { S3RVER_CREDENTIALS } from './s3-service';

export interface TestBucket {
  /** The cluster's S3 settings for this test: the run's s3rver, its bucket, a prefix of its own. */
  s3: ClusterConfig['s3'];
  /** A new client on it (each store closes its own); `overrides` e.g. for a middleware-free retry setting. */
  client: (overrides?: S3ClientConfig) => S3Client;
  /** Every key under this test's prefix, sorted. */
  keys: () => Promise<string[]>;
  /** Deletes what the test left under its prefix and closes the clients made here. */
  drop: () => Promise<void>;
}

/** The S3 settings of an s3rver (the run's, or one a test starts itself). */
export const s3rverSettings = (endpoint: string, bucket: string, prefix: string): ClusterConfig['s3'] => ({
  bucket,
  endpoint,
  region: 'us-east-1',
  forcePathStyle: true,
  prefix,
});

export const s3rverClient = (s3: ClusterConfig['s3'], overrides: S3ClientConfig = {}): S3Client =>
  createS3Client(s3, { credentials: S3RVER_CREDENTIALS, ...overrides });

/**
 * A key prefix of its own in the run's test bucket (server/test/s3-global-setup.ts), so test files running in
 * parallel never see each other's objects. Only the `server-cluster` project can call this.
 */
export function freshBucketPrefix(): TestBucket {
  const s3 = s3rverSettings(inject('s3Endpoint'), inject('s3Bucket'), `t-${randomBytes(6).toString('hex')}/`);
  const clients: S3Client[] = [];
  const admin = s3rverClient(s3);
  const keys = async (): Promise<string[]> => {
    const listed = await admin.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: s3.prefix }));
    return (listed.Contents ?? []).flatMap((object) => (object.Key === undefined ? [] : [object.Key])).sort();
  };
  return {
    s3,
    client: (overrides) => {
      const client = s3rverClient(s3, overrides);
      clients.push(client);
      return client;
    },
    keys,
    drop: async () => {
      const left = await keys();
      for (const Key of left) await admin.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key }));
      for (const client of [...clients.splice(0), admin]) client.destroy();
    },
  };
}
