import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoRef, PhotoStore } from '../storage/photo-store';

/** A store under test and how to end it; `teardown` also removes whatever the store wrote. */
export interface PhotoStoreUnderTest {
  store: PhotoStore;
  teardown: () => Promise<void>;
}

const readAll = async (stream: NodeJS.ReadableStream): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
};

/**
 * What every PhotoStore promises (server/storage/photo-store.ts), as one suite any implementation runs: the local
 * folder of `npm start` and the S3 bucket of cluster mode. `make` gets a size above which the store should take its
 * large-object path (S3's multipart), so that path is exercised with a small photo.
 */
export function photoStoreContract(name: string, make: (options: { largeAboveBytes: number }) => Promise<PhotoStoreUnderTest>): void {
  describe(`PhotoStore contract: ${name}`, () => {
    const largeAboveBytes = 5 * 1024 * 1024;
    let subject: PhotoStoreUnderTest;
    let spoolDir: string;

    beforeAll(async () => {
      subject = await make({ largeAboveBytes });
      spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-spool-'));
    });
    afterAll(async () => {
      await subject.teardown();
      fs.rmSync(spoolDir, { recursive: true, force: true });
    });

    const spool = (bytes: Buffer): { file: string; info: { sizeBytes: number; mimeType: string; sha256: string } } => {
      const file = path.join(spoolDir, randomUUID());
      fs.writeFileSync(file, bytes);
      return { file, info: { sizeBytes: bytes.length, mimeType: 'image/jpeg', sha256: createHash('sha256').update(bytes).digest('hex') } };
    };
    const newRef = (): PhotoRef => ({ sessionId: randomUUID(), storageName: `${randomUUID()}.jpg` });

    it.each([
      ['a small photo', 70_000],
      ['an empty-ish photo', 1],
      ['a photo on the large-object path', largeAboveBytes + 1024 * 1024 + 17],
    ])('keeps %s byte for byte and consumes the spool file', async (_label, size) => {
      const bytes = randomBytes(size);
      const { file, info } = spool(bytes);
      const ref = newRef();
      await subject.store.put(file, ref, info);
      expect(fs.existsSync(file)).toBe(false);
      const opened = await subject.store.open(ref);
      expect(opened.size).toBe(size);
      expect((await readAll(opened.stream)).equals(bytes)).toBe(true);
    });

    it('removes a photo, and removing a missing one is not an error', async () => {
      const { file, info } = spool(randomBytes(1000));
      const ref = newRef();
      await subject.store.put(file, ref, info);
      await subject.store.remove(ref);
      await expect(subject.store.open(ref)).rejects.toThrow();
      await expect(subject.store.remove(ref)).resolves.toBeUndefined();
    });

    it('refuses to open a missing photo without naming its session or its name', async () => {
      const ref = newRef();
      const error: unknown = await subject.store.open(ref).then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(Error);
      const message = String((error as Error).message);
      expect(message).not.toContain(ref.sessionId);
      expect(message).not.toContain(ref.storageName);
      expect((error as { code?: string }).code).toBe('ENOENT');
    });

    it('a put whose spool file is gone rejects and leaves no photo', async () => {
      const { file, info } = spool(randomBytes(2000));
      fs.rmSync(file);
      const ref = newRef();
      await expect(subject.store.put(file, ref, info)).rejects.toThrow();
      await expect(subject.store.open(ref)).rejects.toThrow();
    });
  });
}
