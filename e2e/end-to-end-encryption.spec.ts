import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import { decryptEnvelope } from '../server/encryption/decrypt-example';
import { jpegInfo } from './support/jpeg-info';
import { bigPhotoPath, PHOTO_12MP } from './support/test-photos';
import { expect, openSession, test } from './support/test';

/**
 * An end-to-end session (issue 15): the emulated phone seals each prepared photo for the integrator's key; the
 * server keeps and hands over envelopes it cannot open; the integrator's decrypt example restores the very bytes
 * the page prepared. The prepared photo is captured where the page hands it to its preparation worker to be sealed.
 */
test('photos sent in an end-to-end session are unreadable to the server and decrypt to the prepared photos', async ({ page, api }, testInfo) => {
  test.setTimeout(120_000);
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const id = await api.createSession({ max_images: 2, e2e_public_key: publicKey.export({ type: 'spki', format: 'pem' }).toString() });

  // The sealing runs in the preparation worker: what the page posts it to seal is the prepared photo. AES-GCM on
  // the page's own thread is counted too (the fallback, which Chromium must not need).
  await page.addInitScript(() => {
    const record: { prepared: Blob[]; pageAesGcm: number } = { prepared: [], pageAesGcm: 0 };
    Object.assign(window, { __e2e: record });
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, ...args: unknown[]) {
      const seal = (args[0] as { seal?: { photo?: unknown } } | null)?.seal;
      if (seal?.photo instanceof Blob) record.prepared.push(seal.photo);
      return (post as (...all: unknown[]) => void).apply(this, args);
    } as typeof Worker.prototype.postMessage;
    const encrypt = crypto.subtle.encrypt.bind(crypto.subtle);
    crypto.subtle.encrypt = (algorithm, key, data) => {
      if (typeof algorithm === 'object' && algorithm.name === 'AES-GCM') record.pageAesGcm += 1;
      return encrypt(algorithm, key, data);
    };
  });

  const file = bigPhotoPath(PHOTO_12MP);
  const original = fs.readFileSync(file);
  await openSession(page, id);
  await expect(page.getByText('End-to-end encrypted: only the recipient can open your photos.')).toBeVisible();
  await page.getByLabel('Take photo').setInputFiles(file);
  await expect(page.getByRole('heading', { level: 1, name: '1 photo sent' })).toBeVisible({ timeout: 60_000 });

  const [image] = await api.waitForImages(id, 1);
  const envelope = await api.download(id, image?.id ?? '');
  // What the server holds is not the photo: no JPEG start, none of the photo's bytes.
  expect(envelope.subarray(0, 2).equals(Buffer.from([0xff, 0xd8]))).toBe(false);
  expect(envelope.includes(original.subarray(original.length - 4096, original.length - 2048))).toBe(false);

  const photo = decryptEnvelope(envelope, privatePem);
  const captured = await page.evaluate(async () => {
    const record = (window as unknown as { __e2e: { prepared: Blob[]; pageAesGcm: number } }).__e2e;
    const prepared: string[] = [];
    for (const blob of record.prepared) {
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      prepared.push(btoa(binary));
    }
    return { prepared, pageAesGcm: record.pageAesGcm };
  });
  expect(captured.prepared).toHaveLength(1);
  expect(captured.pageAesGcm).toBe(0);
  expect(photo.equals(Buffer.from(captured.prepared[0] ?? '', 'base64'))).toBe(true);
  expect(jpegInfo(photo)).toMatchObject({ width: 4032, height: 3024, hasGps: false });
  expect(jpegInfo(original)).toMatchObject({ width: 4032, height: 3024, hasGps: true });

  const numbers = `prepared ${(photo.length / 1024 / 1024).toFixed(2)} MB (sealed in the worker) · envelope ${(envelope.length / 1024 / 1024).toFixed(2)} MB (+${(((envelope.length - photo.length) / photo.length) * 100).toFixed(1)} %)`;
  await testInfo.attach('e2e-numbers', { body: numbers });
  console.log(`[${testInfo.project.name}] ${numbers}`);
});
