import react from '@vitejs/plugin-react';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [react()],
        test: {
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['src/test/setup.ts'],
          restoreMocks: true,
        },
      },
      {
        test: {
          name: 'server',
          include: ['server/**/*.test.ts'],
          // The cluster project's files need its PostgreSQL.
          exclude: [...configDefaults.exclude, 'server/**/*.cluster.test.ts'],
          environment: 'node',
          setupFiles: ['server/test/setup.ts'],
          // Real-socket and SQLite tests are I/O bound; keep parallelism modest on small machines.
          maxWorkers: 2,
          testTimeout: 20_000,
        },
      },
      {
        test: {
          // The `server` project's files a second time, their apps on PostgreSQL + S3 (server/test/helpers.ts reads
          // QRDROP_TEST_BACKEND): the HTTP suites hold on both backends. Tests of SQLite-only behaviour skip here.
          name: 'server-on-cluster',
          include: ['server/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'server/**/*.cluster.test.ts'],
          environment: 'node',
          env: { QRDROP_TEST_BACKEND: 'cluster' },
          globalSetup: ['server/test/pg-global-setup.ts', 'server/test/s3-global-setup.ts'],
          setupFiles: ['server/test/setup.ts'],
          maxWorkers: 2,
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          // Cluster mode's data layer (issue 13) against a real PostgreSQL 15, started for the run by the global
          // setup (initdb + pg_ctl on a private port and socket, stopped at the end) or QRDROP_TEST_DATABASE_URL.
          name: 'server-cluster',
          include: ['server/**/*.cluster.test.ts'],
          environment: 'node',
          globalSetup: ['server/test/pg-global-setup.ts', 'server/test/s3-global-setup.ts'],
          setupFiles: ['server/test/setup.ts'],
          maxWorkers: 2,
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
