import type { TestProject } from 'vitest/node';
import { startS3Service } from './s3-service';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test S3 server (s3rver) and its bucket; each test works under a key prefix of its own (server/test/s3-bucket.ts). */
    s3Endpoint: string;
    s3Bucket: string;
  }
}

/** globalSetup of the `server-cluster` project, next to PostgreSQL's: one s3rver for the run, stopped when it ends. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const service = await startS3Service();
  project.provide('s3Endpoint', service.endpoint);
  project.provide('s3Bucket', service.bucket);
  return () => service.stop();
}
