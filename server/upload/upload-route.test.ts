import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionEvent } from '../events';
import { makeHeic, makeJpeg, makePng, makeWebp, withJpegSize } from '../test/fixtures';
import { makeTestApp, readStoredPhoto, storedName, type TestApp } from '../test/helpers';
import { storedFiles, imageRowCount, insertTestSession, multipartBody, upload, uploadPath } from '../test/upload-helpers';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(async () => {
  await t.close();
});

const jpegFile = makeJpeg(120, 80);

async function expectNothingStored(sessionId: string) {
  expect(await imageRowCount(t.app, sessionId)).toBe(0);
  expect((await storedFiles(t.app))).toEqual({ images: [], incoming: [] });
}

describe('POST /api/v1/upload/:uuid/images: accepted', () => {
  it('stores a JPEG, answers 201 with the API.md body and publishes image:ready', async () => {
    const sessionId = await insertTestSession(t.app, { destinationIds: ['dest_1'] });
    const events: SessionEvent[] = [];
    t.app.qrdrop.events.subscribe(sessionId, (event) => events.push(event));

    const response = await upload(t.app, sessionId, jpegFile, { filename: 'IMG_0001.JPG' });

    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toEqual({ id: expect.any(String), filename: 'IMG_0001.JPG', size_bytes: jpegFile.length, destinations: 0, long_polling: false });
    const [row] = await t.rows('SELECT * FROM images WHERE id = $1', [body.id]);
    expect(row).toMatchObject({
      session_id: sessionId,
      idx: 1,
      mime_type: 'image/jpeg',
      width: 120,
      height: 80,
      source: 'camera',
      storage_name: `${body.id}.jpg`,
      sha256: createHash('sha256').update(jpegFile).digest('hex'),
    });
    const stored = await readStoredPhoto(t.app, sessionId, `${body.id}.jpg`);
    expect(stored.equals(jpegFile)).toBe(true);
    expect((await storedFiles(t.app)).incoming).toEqual([]);
    expect(events).toEqual([
      { type: 'upload:started', sessionId, contentLength: expect.any(Number), encrypted: false, at: expect.any(Number) },
      { type: 'image:ready', sessionId, imageId: body.id, at: expect.any(Number) },
    ]);
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  it.each([
    ['PNG', makePng(30, 20), 'image/png', 'png'],
    ['WebP', makeWebp(30, 20), 'image/webp', 'webp'],
    ['HEIC', makeHeic(30, 20), 'image/heic', 'heic'],
  ])('stores a %s under its detected type, whatever the declared one', async (_name, file, mime, extension) => {
    const sessionId = await insertTestSession(t.app);
    const response = await upload(t.app, sessionId, file, { filename: 'x.jpg', contentType: 'image/jpeg' });
    expect(response.statusCode).toBe(201);
    const [row] = await t.rows('SELECT mime_type, storage_name, width, height FROM images');
    expect(row).toEqual({ mime_type: mime, storage_name: `${response.json().id}.${extension}`, width: 30, height: 20 });
  });

  it.each([
    ['after', false],
    ['before', true],
  ])('reads `source` sent %s the file', async (_where, sourceFirst) => {
    const sessionId = await insertTestSession(t.app);
    const response = await upload(t.app, sessionId, jpegFile, { source: 'gallery', sourceFirst });
    expect(response.statusCode).toBe(201);
    expect(await t.rows('SELECT source FROM images')).toEqual([{ source: 'gallery' }]);
  });

  it('keeps only the base name of a path-like file name and never uses it on disk', async () => {
    const sessionId = await insertTestSession(t.app);
    const response = await upload(t.app, sessionId, jpegFile, { filename: '../../etc/passwd.jpg' });
    expect(response.json().filename).toBe('passwd.jpg');
    expect((await storedFiles(t.app)).images).toEqual([storedName(sessionId, `${response.json().id}.jpg`)]);
  });

  it('numbers images of a session 1, 2, 3', async () => {
    const sessionId = await insertTestSession(t.app);
    for (let i = 0; i < 3; i++) expect((await upload(t.app, sessionId, jpegFile)).statusCode).toBe(201);
    const rows = await t.rows('SELECT idx FROM images ORDER BY idx');
    expect(rows).toEqual([{ idx: 1 }, { idx: 2 }, { idx: 3 }]);
  });
});

describe('POST /api/v1/upload/:uuid/images: refused, nothing stored', () => {
  it.each(['drone', ''])('400 for source %j, before or after the file', async (source) => {
    const sessionId = await insertTestSession(t.app);
    for (const sourceFirst of [true, false]) {
      const response = await upload(t.app, sessionId, jpegFile, { source, sourceFirst });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'bad_source' });
      expect(response.json().message).toContain('camera, gallery, sdk, my-app');
    }
    await expectNothingStored(sessionId);
  });

  it('400 for a body that is not multipart, and for a form without a file part', async () => {
    const sessionId = await insertTestSession(t.app);
    const json = await t.app.inject({ method: 'POST', url: uploadPath(sessionId), payload: { file: 'x' } });
    expect(json.statusCode).toBe(400);
    expect(json.json().code).toBe('bad_upload_form');
    const { body, contentType } = multipartBody([{ name: 'source', data: 'camera' }]);
    const noFile = await t.app.inject({ method: 'POST', url: uploadPath(sessionId), headers: { 'content-type': contentType }, payload: body });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().message).toBe('The request has no part named "file".');
    await expectNothingStored(sessionId);
  });

  it('400 for two files in one request', async () => {
    const sessionId = await insertTestSession(t.app);
    const { body, contentType } = multipartBody([
      { name: 'file', data: jpegFile, filename: 'a.jpg' },
      { name: 'file', data: jpegFile, filename: 'b.jpg' },
    ]);
    const response = await t.app.inject({ method: 'POST', url: uploadPath(sessionId), headers: { 'content-type': contentType }, payload: body });
    expect(response.statusCode).toBe(400);
    await expectNothingStored(sessionId);
  });

  it('400 for an empty file and for a cut one, with a clear message', async () => {
    const sessionId = await insertTestSession(t.app);
    const empty = await upload(t.app, sessionId, Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ code: 'empty_file', message: 'The file is empty.' });
    const cut = await upload(t.app, sessionId, jpegFile.subarray(0, jpegFile.length - 100));
    expect(cut.statusCode).toBe(400);
    expect(cut.json().code).toBe('truncated_file');
    await expectNothingStored(sessionId);
  });

  it('401 without the session password or with a wrong one; 201 with the right one', async () => {
    const sessionId = await insertTestSession(t.app, { password: 'open sesame' });
    const missing = await upload(t.app, sessionId, jpegFile);
    expect(missing.statusCode).toBe(401);
    expect(missing.json().code).toBe('wrong_password');
    const wrong = await upload(t.app, sessionId, jpegFile, { headers: { 'x-session-password': 'open sesam' } });
    expect(wrong.statusCode).toBe(401);
    await expectNothingStored(sessionId);
    const right = await upload(t.app, sessionId, jpegFile, { headers: { 'x-session-password': 'open sesame' } });
    expect(right.statusCode).toBe(201);
  });

  it('404 for an unknown session and for a malformed id (same answer)', async () => {
    const unknown = await upload(t.app, '0b6a5d7e-3c1f-4a2b-9c8d-7e6f5a4b3c2d', jpegFile);
    const malformed = await upload(t.app, 'not-a-uuid', jpegFile);
    for (const response of [unknown, malformed]) {
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'Session not found.', code: 'session_not_found' });
    }
    expect((await storedFiles(t.app))).toEqual({ images: [], incoming: [] });
  });

  it('409 once the session is completed', async () => {
    const sessionId = await insertTestSession(t.app, { completed: true });
    const response = await upload(t.app, sessionId, jpegFile);
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('session_completed');
    await expectNothingStored(sessionId);
  });

  it('410 once the session has expired', async () => {
    const sessionId = await insertTestSession(t.app, { expiresInMs: 60_000 });
    expect((await upload(t.app, sessionId, jpegFile)).statusCode).toBe(201);
    t.advance(60_000);
    const response = await upload(t.app, sessionId, jpegFile);
    expect(response.statusCode).toBe(410);
    expect(response.json().code).toBe('session_expired');
    expect(await imageRowCount(t.app, sessionId)).toBe(1);
  });

  it('413 for a file over the session size limit, and keeps nothing of it', async () => {
    const big = makeJpeg(200, 200, { noise: true, quality: 95 });
    const sessionId = await insertTestSession(t.app, { maxImageSizeBytes: 4096 });
    const response = await upload(t.app, sessionId, big);
    expect(big.length).toBeGreaterThan(4096);
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'file_too_large', message: expect.stringContaining('MB') });
    await expectNothingStored(sessionId);
  });

  it('accepts a file of exactly the size limit', async () => {
    const sessionId = await insertTestSession(t.app, { maxImageSizeBytes: jpegFile.length });
    expect((await upload(t.app, sessionId, jpegFile)).statusCode).toBe(201);
  });

  it('413 dimensions_too_large past max_image_dimension (longest side)', async () => {
    const sessionId = await insertTestSession(t.app, { maxImageDimension: 100 });
    const response = await upload(t.app, sessionId, makeJpeg(50, 101));
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'dimensions_too_large', message: expect.stringContaining('100 pixels') });
    expect((await upload(t.app, sessionId, makeJpeg(100, 60))).statusCode).toBe(201);
  });

  it('413 too_many_pixels for a decompression bomb, whatever max_image_dimension says', async () => {
    const sessionId = await insertTestSession(t.app);
    const bomb = withJpegSize(makeJpeg(16, 16), 20_000, 20_000);
    const response = await upload(t.app, sessionId, bomb);
    expect(response.statusCode).toBe(413);
    expect(response.json().code).toBe('too_many_pixels');
    await expectNothingStored(sessionId);
  });

  it.each([
    ['PDF named .jpg', Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\n%%EOF'), 'scan.jpg', 'image/jpeg'],
    ['SVG named .png', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'logo.png', 'image/png'],
    ['plain text', Buffer.from('just some words'), 'notes.jpg', 'image/jpeg'],
  ])('415 for %s', async (_name, file, filename, contentType) => {
    const sessionId = await insertTestSession(t.app);
    const response = await upload(t.app, sessionId, file, { filename, contentType });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ code: 'unsupported_type', message: expect.stringContaining('image/jpeg') });
    await expectNothingStored(sessionId);
  });

  it('415 for a real image of a type the session does not allow', async () => {
    const sessionId = await insertTestSession(t.app, { allowedMimeTypes: ['image/jpeg'] });
    const response = await upload(t.app, sessionId, makePng(10, 10), { filename: 'a.jpg' });
    expect(response.statusCode).toBe(415);
    expect(response.json().message).toBe('The file is not one of the allowed types (image/jpeg).');
    await expectNothingStored(sessionId);
  });

  it('422 when the session is full, before and after the body', async () => {
    const sessionId = await insertTestSession(t.app, { maxImages: 2 });
    expect((await upload(t.app, sessionId, jpegFile)).statusCode).toBe(201);
    expect((await upload(t.app, sessionId, jpegFile)).statusCode).toBe(201);
    const response = await upload(t.app, sessionId, jpegFile);
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('session_full');
    expect(await imageRowCount(t.app, sessionId)).toBe(2);
    expect((await storedFiles(t.app)).images).toHaveLength(2);
  });

  it('400 for a malformed Idempotency-Key', async () => {
    const sessionId = await insertTestSession(t.app);
    const response = await upload(t.app, sessionId, jpegFile, { headers: { 'idempotency-key': 'x'.repeat(201) } });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('bad_idempotency_key');
  });
});
