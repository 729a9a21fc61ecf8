import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeJpeg, makePng } from '../test/fixtures';
import { listenLocal, openPost, writeChunk } from '../test/http-client';
import { auth, makeTestApp, readStoredPhoto, type TestApp } from '../test/helpers';
import { sealForServer } from '../test/seal';
import { type FormPart, storedFiles, imageRowCount, insertTestSession, multipartBody, uploadPath } from '../test/upload-helpers';

/** Apertur's `upload.imageEncrypted`, both transports (API.md, "Encrypted uploads"), sealed as the SDKs seal. */
let t: TestApp;
let publicKey: string;
beforeAll(async () => {
  t = await makeTestApp();
  publicKey = (await t.app.qrdrop.serverKey()).publicKeyPem;
});
afterAll(async () => {
  await t.close();
});

const photo = makeJpeg(160, 120);

async function newSession(fields: object = {}): Promise<string> {
  const created = await t.app.inject({ method: 'POST', url: '/api/v1/upload-sessions', headers: auth(), payload: fields });
  expect(created.statusCode).toBe(201);
  return created.json<{ id: string }>().id;
}

/** The JSON transport (Node 0.1.5, PHP, Ruby, Perl): the envelope plus filename, mimeType, source. */
function sendJson(sessionId: string, body: object, headers: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url: uploadPath(sessionId),
    headers: { 'content-type': 'application/json', 'x-aptr-encrypted': 'default', ...headers },
    payload: JSON.stringify(body),
  });
}

/** The multipart transport (Python, .NET, Rust, Java, newer Go): part `file`, `<name>.enc`, the envelope's JSON. */
function sendMultipart(sessionId: string, envelope: object, options: { filename?: string; source?: string; headers?: Record<string, string> } = {}) {
  const parts: FormPart[] = [{ name: 'file', data: JSON.stringify(envelope), filename: options.filename ?? 'holiday.jpg.enc', contentType: 'application/octet-stream' }];
  if (options.source !== undefined) parts.push({ name: 'source', data: options.source });
  const { body, contentType } = multipartBody(parts);
  return t.app.inject({
    method: 'POST',
    url: uploadPath(sessionId),
    headers: { 'content-type': contentType, 'x-aptr-encrypted': 'default', ...options.headers },
    payload: body,
  });
}

async function storedBytes(sessionId: string, imageId: string): Promise<Buffer> {
  const [row] = await t.rows('SELECT storage_name FROM images WHERE id = $1', [imageId]);
  return readStoredPhoto(t.app, sessionId, String((row as { storage_name: string }).storage_name));
}

describe('encrypted uploads with the server key', () => {
  it('JSON envelope: 201, stored byte for byte as the plaintext, marked encrypted, with the SDK defaults', async () => {
    const sessionId = await newSession();
    const response = await sendJson(sessionId, sealForServer(photo, publicKey));
    expect(response.statusCode).toBe(201);
    const { id } = response.json<{ id: string }>();
    expect(response.json()).toMatchObject({ filename: 'image.jpg', size_bytes: photo.length });
    expect((await storedBytes(sessionId, id)).equals(photo)).toBe(true);
    const [row] = await t.rows('SELECT * FROM images WHERE id = $1', [id]);
    expect(row).toMatchObject({ is_encrypted: 1, source: 'sdk', mime_type: 'image/jpeg', width: 160, height: 120 });
    expect((await storedFiles(t.app)).incoming).toEqual([]);
  });

  it('multipart envelope: 201, stored byte for byte, named without ".enc", source from its part', async () => {
    const sessionId = await newSession();
    const png = makePng(40, 30);
    const response = await sendMultipart(sessionId, sealForServer(png, publicKey), { source: 'my-app' });
    expect(response.statusCode).toBe(201);
    const { id } = response.json<{ id: string }>();
    expect(response.json()).toMatchObject({ filename: 'holiday.jpg', size_bytes: png.length });
    expect((await storedBytes(sessionId, id)).equals(png)).toBe(true);
    expect((await t.rows('SELECT * FROM images WHERE id = $1', [id]))[0]).toMatchObject({ is_encrypted: 1, source: 'my-app', mime_type: 'image/png' });
  });

  it('takes a photo of the default limit (20 MB, 27 MB of JSON) whole', async () => {
    const sessionId = await insertTestSession(t.app);
    const limit = t.app.qrdrop.config.maxImageSizeBytesDefault;
    const large = Buffer.concat([photo, Buffer.alloc(limit - photo.length)]);
    const response = await sendJson(sessionId, sealForServer(large, publicKey));
    expect(response.statusCode).toBe(201);
    expect((await storedBytes(sessionId, response.json<{ id: string }>().id)).equals(large)).toBe(true);
  });

  it('lists encrypted photos with isEncrypted: true, plain ones with false', async () => {
    const sessionId = await newSession();
    const sealed = (await sendJson(sessionId, { ...sealForServer(photo, publicKey), filename: 'sealed.jpg' })).json<{ id: string }>().id;
    const { body, contentType } = multipartBody([{ name: 'file', data: photo, filename: 'plain.jpg', contentType: 'image/jpeg' }]);
    const plain = (await t.app.inject({ method: 'POST', url: uploadPath(sessionId), headers: { 'content-type': contentType }, payload: body })).json<{ id: string }>().id;
    const recent = await t.app.inject({ url: '/api/v1/uploads/recent?limit=50', headers: auth() });
    const rows = recent.json<{ id: string; isEncrypted: boolean }[]>();
    expect(rows.find((r) => r.id === sealed)).toMatchObject({ isEncrypted: true, filename: 'sealed.jpg' });
    expect(rows.find((r) => r.id === plain)).toMatchObject({ isEncrypted: false });
  });

  it.each([
    ['JSON', (sessionId: string, envelope: object, key: string) => sendJson(sessionId, envelope, { 'idempotency-key': key })],
    ['multipart', (sessionId: string, envelope: object, key: string) => sendMultipart(sessionId, envelope, { headers: { 'idempotency-key': key } })],
  ])('%s: a retry with the same Idempotency-Key and envelope is stored once', async (_name, send) => {
    const sessionId = await newSession();
    const envelope = sealForServer(photo, publicKey);
    const first = await send(sessionId, envelope, 'retry-1');
    const retry = await send(sessionId, envelope, 'retry-1');
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    expect(await imageRowCount(t.app, sessionId)).toBe(1);
  });

  it.each([
    ['a sealed PDF', Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n'), {}, 415, 'unsupported_type'],
    ['a sealed PNG on a JPEG-only session', makePng(20, 20), { allowed_mime_types: ['image/jpeg'] }, 415, 'unsupported_type'],
    ['a sealed photo over max_image_dimension', makeJpeg(300, 200), { max_image_dimension: 256 }, 413, 'dimensions_too_large'],
    ['a sealed truncated JPEG', photo.subarray(0, photo.length - 40), {}, 400, 'truncated_file'],
    ['a sealed empty file (nothing beyond the tag)', Buffer.alloc(0), {}, 400, 'bad_envelope'],
  ])('the plaintext gets the plain checks: %s, nothing kept', async (_name, plain, session, status, code) => {
    const sessionId = await newSession(session);
    const response = await sendJson(sessionId, sealForServer(plain, publicKey));
    expect(response.statusCode).toBe(status);
    expect(response.json()).toMatchObject({ statusCode: status, code });
    expect(await imageRowCount(t.app, sessionId)).toBe(0);
    expect((await storedFiles(t.app)).incoming).toEqual([]);
  });

  it('a sealed photo larger than the session allows: 413 file_too_large naming the photo limit', async () => {
    const sessionId = await insertTestSession(t.app, { maxImageSizeBytes: 64 * 1024 });
    const response = await sendJson(sessionId, sealForServer(Buffer.concat([photo, Buffer.alloc(80 * 1024)]), publicKey));
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'file_too_large', message: expect.stringContaining('(0.1 MB)') });
  });
});

describe('an encrypted retry over a real socket', () => {
  it('a replayed 201 for a large JSON envelope comes after its body was read, on a connection kept open', async () => {
    const sessionId = await insertTestSession(t.app, { maxImageSizeBytes: 1024 * 1024 });
    // ~1.2 MB of JSON for a 900 KB photo: more than the photo limit plus the form overhead, within the envelope cap.
    const body = Buffer.from(JSON.stringify(sealForServer(Buffer.concat([photo, Buffer.alloc(900 * 1024)]), publicKey)));
    const port = await listenLocal(t.app);
    const send = async () => {
      const open = openPost(port, uploadPath(sessionId), {
        'content-type': 'application/json',
        'x-aptr-encrypted': 'default',
        'idempotency-key': 'large-retry',
        connection: 'keep-alive',
        'content-length': body.length,
      });
      await writeChunk(open, body);
      open.request.end();
      return open.response;
    };
    const first = await send();
    const retry = await send();
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers.connection).not.toBe('close');
    expect(await imageRowCount(t.app, sessionId)).toBe(1);
  });
});
