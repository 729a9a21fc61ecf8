import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { auth } from './helpers';
import type { RawResponse } from './http-client';
import { type ServerProcess, startServer } from './server-process';
import { readStorage, type StorageState } from './storage-state';
import type { Photo } from './upload-driver';

/** The server under test across its lives: one data directory, one process at a time, all output kept. */
export class CrashRig {
  readonly dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-crash-'));
  readonly output: string[] = [];
  server: ServerProcess | undefined;
  starts = 0;

  async start(): Promise<ServerProcess> {
    // Uploads per session per minute: these tests send many more than a phone would; the limit is not under test.
    this.server = await startServer(this.dataDir, this.output, { RATE_LIMIT_UPLOADS_PER_SESSION: '100000' });
    this.starts++;
    return this.server;
  }

  get port(): number {
    if (this.server === undefined) throw new Error('the server is not running');
    return this.server.port;
  }

  /** SIGKILL: no handler runs, nothing is flushed or cleaned; whatever was on disk at that instant stays. */
  async kill(): Promise<void> {
    const signal = await this.server?.kill('SIGKILL');
    expect(signal).toBe('SIGKILL');
    this.server = undefined;
  }

  async dispose(): Promise<void> {
    await this.server?.kill('SIGKILL');
    this.server = undefined;
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  async createSession(): Promise<string> {
    const response = await fetch(`http://127.0.0.1:${this.port}/api/v1/upload-sessions`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ max_images: 200, long_polling: true }),
    });
    expect(response.status).toBe(201);
    const body: unknown = await response.json();
    if (typeof body !== 'object' || body === null || !('id' in body) || typeof body.id !== 'string') throw new Error('no session id');
    return body.id;
  }

  storage(): StorageState {
    return readStorage(this.dataDir);
  }

  log(): string {
    return this.output.join('');
  }
}

/** Every row has its file, byte for byte (the sha256 recorded at upload matches the file on disk now). */
export function expectRowsWithIntactFiles(state: StorageState): void {
  for (const row of state.rows) expect(row.fileSha256, `file of image ${row.id}`).toBe(row.sha256);
}

/** After a start: nothing half-received, no file without a row, no row without its intact file. */
export function expectConsistent(state: StorageState): void {
  expect(state.incoming).toEqual([]);
  expect(state.filesWithoutRow).toEqual([]);
  expectRowsWithIntactFiles(state);
}

export const idOf = (response: RawResponse): string => {
  const body: unknown = JSON.parse(response.body);
  if (typeof body !== 'object' || body === null || !('id' in body) || typeof body.id !== 'string') throw new Error(`no id in ${response.body}`);
  return body.id;
};

export interface Tally {
  sent: number;
  stored: number;
  duplicates: number;
  lost: number;
  /** Rows whose bytes differ from what the client meant to send. */
  altered: number;
  /** Rows for keys the test never used. */
  extra: number;
}

/** Photos meant vs rows kept: each photo's key must name exactly one row, holding exactly its bytes. */
export function tally(photos: Photo[], state: StorageState): Tally {
  const keys = new Set(photos.map((item) => item.key));
  let duplicates = 0;
  let lost = 0;
  let altered = 0;
  for (const item of photos) {
    const rows = state.rows.filter((row) => row.idempotencyKey === item.key);
    if (rows.length === 0) lost++;
    if (rows.length > 1) duplicates += rows.length - 1;
    altered += rows.filter((row) => row.sha256 !== item.sha256 || row.fileSha256 !== item.sha256).length;
  }
  const extra = state.rows.filter((row) => row.idempotencyKey === null || !keys.has(row.idempotencyKey)).length;
  return { sent: photos.length, stored: state.rows.length - extra, duplicates, lost, altered, extra };
}

export const describeTally = (t: Tally) =>
  `photos sent ${t.sent} / stored ${t.stored} / duplicates ${t.duplicates} / lost ${t.lost} / altered ${t.altered} / extra ${t.extra}`;
