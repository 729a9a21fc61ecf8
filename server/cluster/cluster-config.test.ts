import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config';
import { DELIVERY } from '../limits';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLUSTER = { DATABASE_URL: 'postgres://qrdrop@db.internal:5432/qrdrop', S3_BUCKET: 'qrdrop-photos' };

const configError = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('the configuration was accepted');
};

describe('cluster mode settings', () => {
  it('is off without DATABASE_URL and S3_BUCKET: SQLite and the data folder, as before', () => {
    expect(loadConfig({}).cluster).toBeNull();
    expect(loadConfig({ DATABASE_URL: '', S3_BUCKET: '  ' }).cluster).toBeNull();
  });

  it('refuses one without the other, naming both', () => {
    const halves: Record<string, string>[] = [{ DATABASE_URL: CLUSTER.DATABASE_URL }, { S3_BUCKET: CLUSTER.S3_BUCKET }];
    for (const env of halves) {
      const message = configError(env);
      expect(message).toContain('DATABASE_URL and S3_BUCKET go together');
      expect(message).toContain('set both or neither');
    }
  });

  it('refuses S3 details given without cluster mode, rather than ignoring them', () => {
    const message = configError({ S3_ENDPOINT: 'http://127.0.0.1:9000', S3_PREFIX: 'qrdrop' });
    expect(message).toContain('S3_ENDPOINT, S3_PREFIX only apply in cluster mode');
    expect(message).toContain('DATABASE_URL and S3_BUCKET');
  });

  it('reads every setting, with the defaults the AWS SDK resolves left as null', () => {
    expect(loadConfig(CLUSTER).cluster).toEqual({
      databaseUrl: CLUSTER.DATABASE_URL,
      s3: { bucket: 'qrdrop-photos', endpoint: null, region: null, forcePathStyle: false, prefix: '' },
      instanceId: null,
      delivery: { leaseMs: DELIVERY.leaseMs, leaseSweepMs: DELIVERY.leaseSweepMs },
    });
    const full = loadConfig({
      ...CLUSTER,
      DATABASE_URL: 'postgresql://app:secret@10.0.0.5/photos?sslmode=require',
      S3_ENDPOINT: 'http://127.0.0.1:4760',
      S3_REGION: 'eu-west-1',
      S3_FORCE_PATH_STYLE: 'true',
      S3_PREFIX: 'qrdrop/prod',
      QRDROP_INSTANCE_ID: 'qrdrop-7f9c-2',
      DELIVERY_LEASE_MS: '120000',
      DELIVERY_LEASE_SWEEP_MS: '15000',
    }).cluster;
    expect(full).toEqual({
      databaseUrl: 'postgresql://app:secret@10.0.0.5/photos?sslmode=require',
      s3: { bucket: 'qrdrop-photos', endpoint: 'http://127.0.0.1:4760', region: 'eu-west-1', forcePathStyle: true, prefix: 'qrdrop/prod/' },
      instanceId: 'qrdrop-7f9c-2',
      delivery: { leaseMs: 120_000, leaseSweepMs: 15_000 },
    });
  });

  it('lists every malformed setting at once', () => {
    const message = configError({
      DATABASE_URL: 'mysql://db/qrdrop',
      S3_BUCKET: 'Photos_Bucket',
      S3_ENDPOINT: 'ftp://s3.example.com',
      S3_REGION: 'EU WEST',
      S3_FORCE_PATH_STYLE: 'maybe',
      S3_PREFIX: '/abs//path',
      QRDROP_INSTANCE_ID: 'a b',
      DELIVERY_LEASE_MS: '10',
      DELIVERY_LEASE_SWEEP_MS: 'soon',
    });
    const names = ['DATABASE_URL', 'S3_BUCKET', 'S3_ENDPOINT', 'S3_REGION', 'S3_FORCE_PATH_STYLE', 'S3_PREFIX', 'QRDROP_INSTANCE_ID', 'DELIVERY_LEASE_MS', 'DELIVERY_LEASE_SWEEP_MS'];
    for (const name of names.map((setting) => `${setting} must be`)) {
      expect(message).toContain(name);
    }
  });

  it('refuses the cluster-only settings without cluster mode', () => {
    expect(configError({ QRDROP_INSTANCE_ID: 'a', DELIVERY_LEASE_MS: '5000' })).toContain('QRDROP_INSTANCE_ID, DELIVERY_LEASE_MS only apply in cluster mode');
  });

  it('refuses DELIVERY_FOLDER in cluster mode: it is a folder on one machine', () => {
    expect(configError({ ...CLUSTER, DELIVERY_FOLDER: '/srv/photos' })).toContain('DELIVERY_FOLDER');
  });
});

describe('`npm start` and cluster mode', () => {
  it('refuses DATABASE_URL and S3_BUCKET before writing or building anything: it is one machine by design', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-cluster-start-'));
    try {
      const asked: Record<string, string>[] = [{ S3_BUCKET: CLUSTER.S3_BUCKET }, CLUSTER];
      for (const half of asked) {
        const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/start.ts', '--data-dir', path.join(dir, 'data'), '--folder', path.join(dir, 'photos'), '--port', '0'], {
          cwd: REPO_ROOT,
          env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...half, DIST_DIR: path.join(dir, 'dist') },
          encoding: 'utf8',
          timeout: 25_000,
        });
        expect(run.status).toBe(1);
        expect(run.stderr).toContain('npm start runs qrdrop on this machine');
        expect(run.stderr).toContain('does not take DATABASE_URL or S3_BUCKET');
      }
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
