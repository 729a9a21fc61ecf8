import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';

/** Where every suite's per-scenario lines land (server/test/summary.ts writes there too). */
const SUMMARY_DIR = path.resolve('.tmp', 'reliability');

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A photo the page is given, and the bytes it means to send (the fixtures fit the session: sent as they are). */
export interface SentPhoto {
  name: string;
  bytes: Buffer;
}

export interface Tally {
  sent: number;
  stored: number;
  duplicates: number;
  lost: number;
  /** Stored photos that match nothing the page meant to send (wrong bytes, a partial file). */
  foreign: number;
}

const bearer = (apiKey: string) => ({ authorization: `Bearer ${apiKey}` });

export async function createSession(baseUrl: string, apiKey: string, body: Record<string, unknown> = {}): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/upload-sessions`, {
    method: 'POST',
    headers: { ...bearer(apiKey), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  const created: unknown = await response.json();
  if (typeof created !== 'object' || created === null || !('id' in created) || typeof created.id !== 'string') throw new Error('no session id');
  return created.id;
}

async function deliveryFiles(baseUrl: string, apiKey: string, sessionId: string): Promise<unknown[]> {
  const status = await fetch(`${baseUrl}/api/v1/upload-sessions/${sessionId}/delivery-status`, { headers: bearer(apiKey) });
  expect(status.status).toBe(200);
  const body: unknown = await status.json();
  return typeof body === 'object' && body !== null && 'files' in body && Array.isArray(body.files) ? body.files : [];
}

/** The file names the server holds for the session (as the page named them). */
export async function storedNames(baseUrl: string, apiKey: string, sessionId: string): Promise<string[]> {
  return (await deliveryFiles(baseUrl, apiKey, sessionId)).map((file) =>
    typeof file === 'object' && file !== null && 'filename' in file ? String(file.filename) : '',
  );
}

/** Every photo the server holds for the session, by the integrator API: delivery-status, then each download. */
export async function storedPhotoHashes(baseUrl: string, apiKey: string, sessionId: string): Promise<string[]> {
  const files = await deliveryFiles(baseUrl, apiKey, sessionId);
  const hashes: string[] = [];
  for (const file of files) {
    const id: unknown = typeof file === 'object' && file !== null && 'record_id' in file ? file.record_id : undefined;
    if (typeof id !== 'string') throw new Error('delivery-status file without record_id');
    const download = await fetch(`${baseUrl}/api/v1/upload-sessions/${sessionId}/images/${id}`, { headers: bearer(apiKey) });
    expect(download.status).toBe(200);
    hashes.push(sha256(new Uint8Array(await download.arrayBuffer())));
  }
  return hashes;
}

export function tally(sent: readonly SentPhoto[], storedHashes: readonly string[]): Tally {
  const counts = new Map<string, number>();
  for (const hash of storedHashes) counts.set(hash, (counts.get(hash) ?? 0) + 1);
  const expected = new Set(sent.map((photo) => sha256(photo.bytes)));
  let duplicates = 0;
  let lost = 0;
  for (const hash of expected) {
    const count = counts.get(hash) ?? 0;
    if (count === 0) lost += 1;
    else duplicates += count - 1;
  }
  const foreign = storedHashes.filter((hash) => !expected.has(hash)).length;
  return { sent: sent.length, stored: storedHashes.length, duplicates, lost, foreign };
}

/**
 * The scenario's verdict from the server's side, printed as one line to quote, then asserted:
 * every photo present exactly once, byte for byte, nothing else.
 */
export async function expectExactlyOnce(name: string, baseUrl: string, apiKey: string, sessionId: string, sent: readonly SentPhoto[]): Promise<Tally> {
  const result = tally(sent, await storedPhotoHashes(baseUrl, apiKey, sessionId));
  const extra = result.foreign > 0 ? ` foreign=${result.foreign}` : '';
  const line = `scenario: ${name} sent=${result.sent} stored=${result.stored} duplicates=${result.duplicates} lost=${result.lost}${extra}`;
  console.log(line);
  // One file per scenario (workers run in parallel), next to the server suites' summaries, for the README.
  const slug = name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase();
  fs.mkdirSync(SUMMARY_DIR, { recursive: true });
  fs.writeFileSync(path.join(SUMMARY_DIR, `page-${slug}.txt`), `${line}\n`);
  expect(result).toEqual({ sent: sent.length, stored: sent.length, duplicates: 0, lost: 0, foreign: 0 });
  return result;
}

/** Waits (bounded) until the page says everything was sent; a failure here still leaves the server verdict to print. */
export async function waitUntilPageIsDone(page: Page, timeout = 90_000): Promise<boolean> {
  return expect(page.getByRole('heading', { name: /\d+ photos? sent/ }))
    .toBeVisible({ timeout })
    .then(
      () => true,
      () => false,
    );
}

/** What the page keeps in IndexedDB for the session: key, name and SHA-256 (of what it will send) of each unconfirmed file. */
export function keptInBrowser(page: Page, sessionId: string): Promise<Array<{ key: string; name: string; sha256?: string }>> {
  return page.evaluate(async (id) => {
    // Never create the database from here: the page must create it with its own schema.
    const names = (await indexedDB.databases()).map((database) => database.name);
    if (!names.includes('qrdrop-uploads')) return [];
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('qrdrop-uploads');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      const rows = await new Promise<unknown[]>((resolve, reject) => {
        const request = db.transaction('uploads', 'readonly').objectStore('uploads').index('by-session').getAll(id);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      return rows.map((row) => {
        const text = (field: string) => (typeof row === 'object' && row !== null && field in row ? String(Reflect.get(row, field)) : '');
        const name = text('name');
        const prepared = typeof row === 'object' && row !== null && 'prepared' in row ? row.prepared : undefined;
        const hash = typeof prepared === 'object' && prepared !== null && 'sha256' in prepared ? prepared.sha256 : undefined;
        return { key: text('key'), name, sha256: typeof hash === 'string' ? hash : undefined };
      });
    } finally {
      db.close();
    }
  }, sessionId);
}

/**
 * The moment to interrupt a queue: some photos are on the server, some are not, and every one that is
 * not is kept by the page (IndexedDB) with the SHA-256 of exactly the fixture's bytes. Returns the keys
 * kept at that moment: only those may be sent again after the interruption.
 */
export async function waitUntilMidQueue(page: Page, baseUrl: string, apiKey: string, sessionId: string, photos: readonly SentPhoto[]): Promise<Set<string>> {
  let keys = new Set<string>();
  await expect
    .poll(
      async () => {
        const stored = new Set(await storedNames(baseUrl, apiKey, sessionId));
        const kept = await keptInBrowser(page, sessionId);
        keys = new Set(kept.map((record) => record.key));
        const hashes = new Map(kept.map((record) => [record.name, record.sha256]));
        const covered = photos.every((photo) => stored.has(photo.name) || hashes.get(photo.name) === sha256(photo.bytes));
        return covered && stored.size > 0 && stored.size < photos.length;
      },
      { timeout: 60_000, intervals: [100] },
    )
    .toBe(true);
  return keys;
}
