import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../db';
import { newId } from '../ids';
import type { Session } from '../session/session-store';
import type { InsertOutcome, NewImage } from '../storage/image-store';
import { freshSchema } from '../test/pg-schema';
import { migratePg } from './pg-migrations';
import { PgUploadStore } from './pg-store';
import { SqliteUploadStore } from './sqlite-store';
import type { UploadStore } from './store';

/** Two stores on one database: two instances of qrdrop, each with its own connections. */
interface Backend {
  a: UploadStore;
  b: UploadStore;
  close: () => Promise<void>;
}

const BACKENDS: { name: string; open: () => Promise<Backend> }[] = [
  {
    name: 'SQLite',
    open: async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-store-'));
      const file = path.join(dir, 'qrdrop.sqlite');
      const dbs = [openDb(file), openDb(file)] as const;
      return {
        a: new SqliteUploadStore(dbs[0]),
        b: new SqliteUploadStore(dbs[1]),
        close: async () => {
          for (const db of dbs) db.close();
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'PostgreSQL',
    open: async () => {
      const schema = await freshSchema();
      const [poolA, poolB] = [schema.pool(10), schema.pool(10)];
      await migratePg(poolA);
      const [a, b] = [new PgUploadStore(poolA), new PgUploadStore(poolB)];
      return {
        a,
        b,
        close: async () => {
          await Promise.all([a.close(), b.close()]);
          await schema.drop();
        },
      };
    },
  },
];

const NOW = Date.UTC(2026, 11, 4, 12, 0, 0);

const session = (over: Partial<Session> = {}): Session => ({
  id: newId(),
  apiKeyId: null,
  env: 'test',
  createdAt: NOW,
  updatedAt: NOW,
  expiresAt: NOW + 3_600_000,
  completedAt: null,
  maxImages: 5,
  allowedMimeTypes: ['image/jpeg', 'image/png'],
  maxImageDimension: 4000,
  maxImageSizeBytes: 25 * 1024 * 1024,
  passwordHash: null,
  tags: ['claim-7', 'front'],
  longPolling: true,
  label: 'Claim 7',
  destinationIds: [],
  e2ePublicKey: null,
  e2eAllowDowngrade: false,
  e2eDowngraded: false,
  ...over,
});

const image = (sessionId: string, over: Partial<NewImage> = {}): NewImage => {
  const id = newId();
  return {
    id,
    sessionId,
    filename: 'IMG_0001.jpg',
    storageName: `${id}.jpg`,
    mimeType: 'image/jpeg',
    sizeBytes: 3_145_728,
    width: 4032,
    height: 3024,
    sha256: 'a'.repeat(64),
    source: 'page',
    idempotencyKey: null,
    isEncrypted: false,
    isE2e: false,
    createdAt: NOW,
    ...over,
  };
};

const kinds = (outcomes: InsertOutcome[]) => outcomes.map((outcome) => outcome.kind);
const count = (outcomes: InsertOutcome[], kind: InsertOutcome['kind']) => kinds(outcomes).filter((k) => k === kind).length;

describe.each(BACKENDS)('UploadStore on $name', ({ open }) => {
  let backend: Backend | undefined;
  const start = async () => (backend = await open());
  afterEach(async () => {
    await backend?.close();
    backend = undefined;
  });

  it('reads back a session as it was written, on the other instance too', async () => {
    const { a, b } = await start();
    const written = session({ passwordHash: 'scrypt$x$y', e2eAllowDowngrade: true, maxImageDimension: null });
    await a.createSession(written);
    expect(await b.findSession(written.id)).toEqual(written);
    expect(await b.findSession(written.id.toUpperCase())).toEqual(written);
    expect(await b.findSession(newId())).toBeUndefined();
    expect(await b.findSession('not-a-session-id')).toBeUndefined();
    await expect(b.createSession(written)).rejects.toThrow();
  });

  it('numbers images from 1, keeps every field and finds one by its Idempotency-Key', async () => {
    const { a, b } = await start();
    const open = session();
    await a.createSession(open);
    const first = image(open.id, { idempotencyKey: 'key-1', width: null, height: null, isE2e: true });
    const second = image(open.id, { isEncrypted: true, filename: 'scan.png', mimeType: 'image/png' });
    expect(await a.insertImageIfRoom(first, NOW)).toEqual({ kind: 'inserted', image: { ...first, index: 1, acknowledgedAt: null } });
    const outcome = await b.insertImageIfRoom(second, NOW);
    expect(outcome).toEqual({ kind: 'inserted', image: { ...second, index: 2, acknowledgedAt: null } });
    expect(await a.countImages(open.id)).toBe(2);
    expect(await b.findByIdempotencyKey(open.id, 'key-1')).toEqual({ ...first, index: 1, acknowledgedAt: null });
    expect(await b.findByIdempotencyKey(open.id, 'key-2')).toBeUndefined();
  });

  it('refuses an image for a session that is gone, completed, expired or full, and writes nothing', async () => {
    const { a, b } = await start();
    expect(await a.insertImageIfRoom(image(newId()), NOW)).toEqual({ kind: 'missing' });
    const completed = session({ completedAt: NOW - 1 });
    const expired = session({ expiresAt: NOW });
    const one = session({ maxImages: 1 });
    for (const s of [completed, expired, one]) await a.createSession(s);
    expect(await b.insertImageIfRoom(image(completed.id), NOW)).toEqual({ kind: 'completed' });
    expect(await b.insertImageIfRoom(image(expired.id), NOW)).toEqual({ kind: 'expired' });
    expect((await a.insertImageIfRoom(image(one.id), NOW)).kind).toBe('inserted');
    expect(await b.insertImageIfRoom(image(one.id), NOW)).toEqual({ kind: 'full' });
    expect([await a.countImages(completed.id), await a.countImages(expired.id), await a.countImages(one.id)]).toEqual([0, 0, 1]);
  });

  it('answers a repeated Idempotency-Key with the first image, even once the session is full', async () => {
    const { a, b } = await start();
    const open = session({ maxImages: 1 });
    await a.createSession(open);
    const first = image(open.id, { idempotencyKey: 'retry-me' });
    await a.insertImageIfRoom(first, NOW);
    const again = await b.insertImageIfRoom(image(open.id, { idempotencyKey: 'retry-me' }), NOW);
    expect(again).toEqual({ kind: 'duplicate', image: { ...first, index: 1, acknowledgedAt: null } });
    expect(await b.countImages(open.id)).toBe(1);
  });

  it('20 uploads split across two instances into max_images 5 give exactly 5 rows, numbered 1 to 5', async () => {
    const { a, b } = await start();
    const open = session({ maxImages: 5 });
    await a.createSession(open);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).insertImageIfRoom(image(open.id), NOW)),
    );
    expect(count(outcomes, 'inserted')).toBe(5);
    expect(count(outcomes, 'full')).toBe(15);
    expect(await a.countImages(open.id)).toBe(5);
    const indices = outcomes.flatMap((outcome) => (outcome.kind === 'inserted' ? [outcome.image.index] : []));
    expect(indices.sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5]);
  });

  it('one Idempotency-Key sent to both instances at once gives one row, and every answer names it', async () => {
    const { a, b } = await start();
    const open = session({ maxImages: 5 });
    await a.createSession(open);
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).insertImageIfRoom(image(open.id, { idempotencyKey: 'same-photo' }), NOW)),
    );
    expect(count(outcomes, 'inserted')).toBe(1);
    expect(count(outcomes, 'duplicate')).toBe(9);
    const ids = new Set(outcomes.map((outcome) => (outcome.kind === 'inserted' || outcome.kind === 'duplicate' ? outcome.image.id : '')));
    expect(ids.size).toBe(1);
    expect(await b.countImages(open.id)).toBe(1);
  });

  it('saves settings on the other instance, but not once the session is completed', async () => {
    const { a, b } = await start();
    const written = session();
    await a.createSession(written);
    const updated: Session = {
      ...written,
      updatedAt: NOW + 1,
      expiresAt: NOW + 7_200_000,
      maxImages: 9,
      allowedMimeTypes: ['image/webp'],
      maxImageDimension: null,
      maxImageSizeBytes: 1024,
      passwordHash: 'scrypt$a$b',
      tags: ['moved'],
      longPolling: false,
      label: null,
      destinationIds: ['d1'],
    };
    expect(await b.saveSessionSettings(updated)).toBe(true);
    expect(await a.findSession(written.id)).toEqual(updated);
    expect(await a.completeSession(written.id, NOW + 2)).toBe(true);
    expect(await b.saveSessionSettings({ ...updated, maxImages: 3 })).toBe(false);
    expect(await a.findSession(written.id)).toEqual({ ...updated, completedAt: NOW + 2, updatedAt: NOW + 2 });
  });

  it('completes a session once: of 10 completions across both instances one wins, and uploads then refuse', async () => {
    const { a, b } = await start();
    const open = session();
    await a.createSession(open);
    const wins = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).completeSession(open.id, NOW + i)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect((await b.findSession(open.id))?.completedAt).toBe(NOW + wins.indexOf(true));
    expect(await a.insertImageIfRoom(image(open.id), NOW)).toEqual({ kind: 'completed' });
    expect(await a.completeSession(newId(), NOW)).toBe(false);
  });

  it('marks an end-to-end session downgraded, once', async () => {
    const { a, b } = await start();
    const e2e = session({ e2ePublicKey: 'PEM', e2eAllowDowngrade: true });
    await a.createSession(e2e);
    await b.markE2eDowngraded(e2e.id);
    await a.markE2eDowngraded(e2e.id);
    expect(await a.findSession(e2e.id)).toEqual({ ...e2e, e2eDowngraded: true });
  });

  it('finds one image of its own session only, whatever the case of its id', async () => {
    const { a, b } = await start();
    const [one, other] = [session(), session()];
    for (const s of [one, other]) await a.createSession(s);
    const photo = image(one.id);
    await a.insertImageIfRoom(photo, NOW);
    const stored = { ...photo, index: 1, acknowledgedAt: null };
    expect(await b.findSessionImage(one.id, photo.id)).toEqual(stored);
    expect(await b.findSessionImage(one.id, photo.id.toUpperCase())).toEqual(stored);
    expect(await b.findSessionImage(other.id, photo.id)).toBeUndefined();
    expect(await b.findSessionImage(one.id, newId())).toBeUndefined();
    expect(await b.findSessionImage(one.id, 'not-an-id')).toBeUndefined();
  });

  it('lists unacknowledged images in upload order; an ack counts once, across instances too', async () => {
    const { a, b } = await start();
    const open = session();
    await a.createSession(open);
    const photos = [image(open.id), image(open.id), image(open.id)];
    for (const photo of photos) await (photo === photos[1] ? b : a).insertImageIfRoom(photo, NOW);
    expect((await b.listUnacknowledged(open.id)).map((img) => [img.id, img.index])).toEqual(photos.map((p, i) => [p.id, i + 1]));
    const middle = photos[1]?.id ?? '';
    const acks = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? a : b).acknowledgeImage(middle, NOW + 5)));
    expect(acks.filter(Boolean)).toHaveLength(1);
    expect((await a.listUnacknowledged(open.id)).map((img) => img.id)).toEqual([photos[0]?.id, photos[2]?.id]);
    expect((await b.findSessionImage(open.id, middle))?.acknowledgedAt).toBe(NOW + 5);
    expect(await a.listUnacknowledged(session().id)).toEqual([]);
  });

  it('lists every stored file as <session id>/<storage name> → image id', async () => {
    const { a, b } = await start();
    const open = session();
    await a.createSession(open);
    const photos = [image(open.id), image(open.id, { storageName: 'x.png.enc' })];
    for (const photo of photos) await a.insertImageIfRoom(photo, NOW);
    expect(await b.listStoredFiles()).toEqual(new Map(photos.map((p) => [`${open.id}/${p.storageName}`, p.id])));
  });
});

describe('SqliteUploadStore', () => {
  it("runs the app's alongside-insert work in the insert's own transaction: a failure there undoes the row", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-store-'));
    const db = openDb(path.join(dir, 'qrdrop.sqlite'));
    try {
      const seen: number[] = [];
      let fail = true;
      const store = new SqliteUploadStore(db, {
        alongsideInsert: (stored) => {
          // Inside the transaction, the new row is already visible to the work that goes with it.
          seen.push(db.prepare('SELECT COUNT(*) AS n FROM images WHERE id = ?').pluck().get(stored.id) as number);
          if (fail) throw new Error('planning failed');
        },
      });
      const open = session();
      await store.createSession(open);
      await expect(store.insertImageIfRoom(image(open.id), NOW)).rejects.toThrow('planning failed');
      expect(await store.countImages(open.id)).toBe(0);
      fail = false;
      expect((await store.insertImageIfRoom(image(open.id), NOW)).kind).toBe('inserted');
      expect(await store.countImages(open.id)).toBe(1);
      expect(seen).toEqual([1, 1]);
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
