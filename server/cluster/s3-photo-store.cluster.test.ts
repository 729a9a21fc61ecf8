import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshSchema, type TestSchema } from '../test/pg-schema';
import { freshBucketPrefix, s3rverClient, s3rverSettings, type TestBucket } from '../test/s3-bucket';
import { startS3Service } from '../test/s3-service';
import { migratePg } from './pg-migrations';
import { sweepUncommittedPhotos } from './photo-intents';
import { photoStoreContract } from './photo-store-contract';
import { S3PhotoStore } from './s3-photo-store';

photoStoreContract('S3 (s3rver)', async ({ largeAboveBytes }) => {
  const schema = await freshSchema();
  const pool = schema.pool();
  await migratePg(pool);
  const bucket = freshBucketPrefix();
  const store = new S3PhotoStore({ client: bucket.client(), bucket: bucket.s3.bucket, prefix: bucket.s3.prefix, pool, multipartThresholdBytes: largeAboveBytes, partSizeBytes: largeAboveBytes });
  return {
    store,
    teardown: async () => {
      await store.close();
      await bucket.drop();
      await schema.drop();
    },
  };
});

describe('S3PhotoStore', () => {
  let schema: TestSchema;
  let bucket: TestBucket;
  let spoolDir: string;
  let clock = 1_000_000;

  beforeAll(async () => {
    schema = await freshSchema();
    await migratePg(schema.pool(2));
    bucket = freshBucketPrefix();
    spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-spool-'));
  });
  afterAll(async () => {
    await bucket.drop();
    await schema.drop();
    fs.rmSync(spoolDir, { recursive: true, force: true });
  });

  const storeOn = (pool = schema.pool(4)) =>
    new S3PhotoStore({ client: bucket.client(), bucket: bucket.s3.bucket, prefix: bucket.s3.prefix, pool, now: () => clock });
  const spool = (bytes = randomBytes(3000)) => {
    const file = path.join(spoolDir, randomUUID());
    fs.writeFileSync(file, bytes);
    return { file, info: { sizeBytes: bytes.length, mimeType: 'image/jpeg', sha256: createHash('sha256').update(bytes).digest('hex') } };
  };
  const newRef = () => ({ sessionId: randomUUID(), storageName: `${randomUUID()}.jpg` });

  it('names objects by the photo alone: no key carries the session id', async () => {
    const store = storeOn();
    const ref = newRef();
    const { file, info } = spool();
    await store.put(file, ref, info);
    const keys = await bucket.keys();
    expect(keys).toContain(`${bucket.s3.prefix}${ref.storageName}`);
    for (const key of keys) expect(key).not.toContain(ref.sessionId);
    await store.remove(ref);
  });

  it('refuses a name that is not one qrdrop gives, before anything reaches the bucket', async () => {
    const store = storeOn();
    const { file, info } = spool();
    await expect(store.put(file, { sessionId: randomUUID(), storageName: '../x.jpg' }, info)).rejects.toThrow();
    expect(fs.existsSync(file)).toBe(false);
  });

  it('refuses a spool file that is not the size that was checked, and removes it', async () => {
    const store = storeOn();
    const ref = newRef();
    const { file, info } = spool();
    await expect(store.put(file, ref, { ...info, sizeBytes: info.sizeBytes + 1 })).rejects.toThrow(/not the size/);
    expect(fs.existsSync(file)).toBe(false);
    await expect(store.open(ref)).rejects.toThrow();
  });

  it('an unreachable bucket: the put rejects without the key, the spool is gone', async () => {
    const other = await startS3Service({ bucket: 'gone' });
    const s3 = s3rverSettings(other.endpoint, 'gone', 'p/');
    await other.stop();
    const client = s3rverClient(s3, { maxAttempts: 1 });
    const store = new S3PhotoStore({ client, bucket: 'gone', prefix: 'p/', pool: schema.pool(1), now: () => clock });
    const ref = newRef();
    const { file, info } = spool();
    const error: unknown = await store.put(file, ref, info).then(() => undefined, (reason: unknown) => reason);
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message)).not.toContain(ref.storageName);
    expect(fs.existsSync(file)).toBe(false);
    // The object may have been half-written: its intent stays, for the sweeper.
    const intent = await schema.pool(1).query('SELECT 1 FROM photo_intents WHERE storage_name = $1', [ref.storageName]);
    expect(intent.rowCount).toBe(1);
    await schema.pool(1).query('DELETE FROM photo_intents WHERE storage_name = $1', [ref.storageName]);
    client.destroy();
  });

  it('sweeps the objects of uploads that never committed, keeps committed and young ones, once across two sweepers', async () => {
    const poolA = schema.pool(2);
    const poolB = schema.pool(2);
    const storeA = storeOn(poolA);
    clock = 2_000_000;
    const uncommitted = [newRef(), newRef(), newRef()];
    const committed = newRef();
    for (const ref of [...uncommitted, committed]) {
      const { file, info } = spool();
      await storeA.put(file, ref, info);
    }
    // The committed one has its row (and a commit that forgot to clear its intent).
    await poolA.query(`INSERT INTO sessions (id, created_at, updated_at, expires_at, max_images, allowed_mime_types, max_image_size_bytes)
      VALUES ($1, 0, 0, 9999999999999, 5, '["image/jpeg"]', 1000000)`, [committed.sessionId]);
    await poolA.query(`INSERT INTO images (id, session_id, idx, filename, storage_name, mime_type, size_bytes, sha256, source, created_at)
      VALUES ($1, $2, 0, 'a.jpg', $3, 'image/jpeg', 3000, 'x', 'gallery', 0)`, [randomUUID(), committed.sessionId, committed.storageName]);
    clock = 2_000_000 + 60_000;
    const young = newRef();
    {
      const { file, info } = spool();
      await storeA.put(file, young, info);
    }
    const sweep = { olderThanMs: 30_000, now: clock + 1 };
    const [a, b] = await Promise.all([
      sweepUncommittedPhotos(poolA, storeA, sweep),
      sweepUncommittedPhotos(poolB, storeOn(poolB), sweep),
    ]);
    expect([...a.removed, ...b.removed].sort()).toEqual(uncommitted.map((ref) => ref.storageName).sort());
    expect(a.kept + b.kept).toBe(1);
    const keys = await bucket.keys();
    for (const ref of uncommitted) expect(keys).not.toContain(`${bucket.s3.prefix}${ref.storageName}`);
    expect(keys).toContain(`${bucket.s3.prefix}${committed.storageName}`);
    expect(keys).toContain(`${bucket.s3.prefix}${young.storageName}`);
    const intents = (await poolA.query<{ storage_name: string }>('SELECT storage_name FROM photo_intents')).rows.map((row) => row.storage_name);
    expect(intents).toEqual([young.storageName]);
  });
});
