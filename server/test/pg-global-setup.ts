import type { TestProject } from 'vitest/node';
import { startPgService } from './pg-service';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test PostgreSQL's URL; each test file works in schemas of its own (server/test/pg-schema.ts). */
    pgUrl: string;
  }
}

/**
 * globalSetup of the `server-cluster` project: one PostgreSQL for the run, stopped when it ends, passed or failed.
 * QRDROP_TEST_DATABASE_URL points the tests at a server that already runs instead (it is then left as it was,
 * apart from the schemas the tests create and drop).
 */
export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  const external = process.env.QRDROP_TEST_DATABASE_URL;
  if (external !== undefined && external !== '') {
    project.provide('pgUrl', external);
    return undefined;
  }
  const service = await startPgService();
  project.provide('pgUrl', service.url);
  return () => service.stop();
}
