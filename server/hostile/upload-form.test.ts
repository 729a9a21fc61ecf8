import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MB } from '../limits';
import { makeJpeg } from '../test/fixtures';
import { makeTestApp, type TestApp } from '../test/helpers';
import { listenLocal, openPost, writeChunk } from '../test/http-client';
import { ScenarioSummary } from '../test/summary';
import { type FormPart, insertTestSession, multipartBody, upload, uploadPath } from '../test/upload-helpers';
import { expectEnvelope, fromInject, hostileLine, leftovers } from '../test/hostile-support';

/** Hostile multipart bodies on the upload route: the form's shape is checked, and nothing of a refused one is kept. */
let t: TestApp;
const summary = new ScenarioSummary('hostile-form');
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(async () => {
  await t.close();
});
afterAll(() => summary.flush());

const jpeg = makeJpeg(64, 48);
const filePart: FormPart = { name: 'file', data: jpeg, filename: 'photo.jpg', contentType: 'image/jpeg' };
const textParts = (count: number, size = 4): FormPart[] => Array.from({ length: count }, (_, i) => ({ name: `f${i}`, data: 'x'.repeat(size) }));

interface HostileBody {
  input: string;
  /** The body and its Content-Type, or the parts of a well-formed multipart body. */
  body: { payload: Buffer | string; contentType?: string } | FormPart[];
  status: number;
  code: string;
}

const CASES: HostileBody[] = [
  { input: 'multipart with 50 parts', body: [...textParts(49), filePart], status: 400, code: 'bad_upload_form' },
  { input: 'multipart with 50 parts, the file first', body: [filePart, ...textParts(49)], status: 400, code: 'bad_upload_form' },
  { input: 'multipart with 8 small text fields', body: [...textParts(8), filePart], status: 400, code: 'bad_upload_form' },
  { input: 'huge "source" field (1 MB)', body: [{ name: 'source', data: 'camera'.repeat(180_000) }, filePart], status: 400, code: 'bad_source' },
  { input: 'huge unknown text field (1 MB)', body: [{ name: 'note', data: 'n'.repeat(1024 * 1024) }, filePart], status: 400, code: 'bad_upload_form' },
  { input: 'two file parts', body: [filePart, { ...filePart, filename: 'second.jpg' }], status: 400, code: 'bad_upload_form' },
  { input: 'file under another part name', body: [{ ...filePart, name: 'image' }], status: 400, code: 'bad_upload_form' },
  { input: '"file" sent as a text field', body: [{ name: 'file', data: jpeg.toString('latin1') }], status: 400, code: 'bad_upload_form' },
  { input: 'part named __proto__', body: [{ name: '__proto__', data: 'polluted' }, filePart], status: 400, code: 'bad_upload_form' },
  { input: 'file part named constructor', body: [{ ...filePart, name: 'constructor' }], status: 400, code: 'bad_upload_form' },
  { input: 'no parts at all', body: [], status: 400, code: 'bad_upload_form' },
  { input: 'JSON body instead of multipart', body: { payload: JSON.stringify({ file: jpeg.toString('base64') }), contentType: 'application/json' }, status: 400, code: 'bad_upload_form' },
  { input: 'raw JPEG bytes as the body', body: { payload: jpeg, contentType: 'image/jpeg' }, status: 400, code: 'bad_upload_form' },
  { input: 'urlencoded form', body: { payload: 'file=abc&source=camera', contentType: 'application/x-www-form-urlencoded' }, status: 400, code: 'bad_upload_form' },
  { input: 'multipart without a boundary', body: { payload: jpeg, contentType: 'multipart/form-data' }, status: 400, code: 'bad_upload_form' },
  { input: 'multipart cut before its closing boundary', body: { payload: cutForm(), contentType: 'multipart/form-data; boundary=cut' }, status: 400, code: 'bad_upload_form' },
  { input: 'multipart garbage', body: { payload: 'this is not multipart at all', contentType: 'multipart/form-data; boundary=zzz' }, status: 400, code: 'bad_upload_form' },
  { input: 'no Content-Type, no body', body: { payload: '' }, status: 400, code: 'bad_upload_form' },
];

/** A form whose file part starts but whose body ends before the closing boundary. */
function cutForm(): Buffer {
  const head = '--cut\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n';
  return Buffer.concat([Buffer.from(head), jpeg.subarray(0, 200)]);
}

describe('hostile multipart bodies on the upload route', () => {
  it.each(CASES.map((c) => [c.input, c] as const))('%s: refused with its status, nothing stored', async (_name, c) => {
    const sessionId = await insertTestSession(t.app);
    const { payload, contentType } = Array.isArray(c.body) ? (({ body, contentType: type }) => ({ payload: body, contentType: type }))(multipartBody(c.body)) : c.body;
    const response = await t.app.inject({
      method: 'POST',
      url: uploadPath(sessionId),
      headers: contentType === undefined ? {} : { 'content-type': contentType },
      payload,
    });
    const answer = fromInject(response);
    const left = await leftovers(t);
    summary.add(hostileLine(c.input, answer, left));

    expect(expectEnvelope(answer, c.status).code).toBe(c.code);
    expect(left).toEqual({ rows: 0, images: 0, incoming: 0 });
  });
});

describe('hostile Idempotency-Key headers', () => {
  it.each([
    ['201 characters', 'k'.repeat(201)],
    ['a space inside', "k' OR '1'='1"],
    ['non-ASCII', 'clé-été'],
  ])('%s: 400, nothing stored', async (input, key) => {
    const sessionId = await insertTestSession(t.app);
    const answer = fromInject(await upload(t.app, sessionId, jpeg, { headers: { 'idempotency-key': key } }));
    const left = await leftovers(t);
    summary.add(hostileLine(`Idempotency-Key with ${input}`, answer, left));
    expect(expectEnvelope(answer, 400).code).toBe('bad_idempotency_key');
    expect(left).toEqual({ rows: 0, images: 0, incoming: 0 });
  });

  it('SQL-looking but well-formed: an ordinary key (stored once, replayed on retry), never run as SQL', async () => {
    const sessionId = await insertTestSession(t.app);
    const key = "k';DROP/**/TABLE/**/images;--";
    const first = await upload(t.app, sessionId, jpeg, { headers: { 'idempotency-key': key } });
    const retry = await upload(t.app, sessionId, jpeg, { headers: { 'idempotency-key': key } });
    const left = await leftovers(t);
    summary.add(`Idempotency-Key ${key} → ${first.statusCode}, retry ${retry.statusCode} replayed: ${String(retry.headers['idempotent-replayed'])} · rows ${left.rows} · images/ ${left.images} · incoming/ ${left.incoming}`);
    expect(first.statusCode).toBe(201);
    expect(retry.json()).toEqual(first.json());
    expect(left).toEqual({ rows: 1, images: 1, incoming: 0 });
  });
});

describe('bodies larger than any upload may be, over a real socket', () => {
  const LIMIT = 1 * MB;
  /** Far beyond the cap; the test stops writing as soon as the server answers. */
  const ENDLESS = 256 * MB;

  async function sendUntilAnswered(sessionId: string, head: string, headers: Record<string, string | number>) {
    const port = await listenLocal(t.app);
    const open = openPost(port, uploadPath(sessionId), headers);
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    if (await writeChunk(open, Buffer.from(head))) {
      while (sent < ENDLESS && (await writeChunk(open, chunk))) sent += chunk.length;
    }
    const response = await open.response;
    open.request.destroy();
    return { sent, answer: { status: response.status, headers: response.headers, body: response.body } };
  }

  it.each([
    ['a 256 MB text field, chunked (no Content-Length)', '--b\r\nContent-Disposition: form-data; name="note"\r\n\r\n', 'body_too_large'],
    ['a 256 MB preamble before the first part, chunked', 'preamble ', 'body_too_large'],
  ])('%s: 413 once the body passes the cap, reading stops, nothing stored', async (input, head, code) => {
    const sessionId = await insertTestSession(t.app, { maxImageSizeBytes: LIMIT });
    const { sent, answer } = await sendUntilAnswered(sessionId, head, { 'content-type': 'multipart/form-data; boundary=b' });
    const left = await leftovers(t);
    summary.add(`${hostileLine(input, answer, left)} · ${Math.round(sent / MB)} MB written before the answer`);

    expect(expectEnvelope(answer, 413).code).toBe(code);
    expect(answer.headers.connection).toBe('close');
    expect(sent).toBeLessThan(64 * MB);
    expect(left).toEqual({ rows: 0, images: 0, incoming: 0 });
  });

  it('a body declaring 256 MB: 413 before any of it is read, nothing stored', async () => {
    const sessionId = await insertTestSession(t.app, { maxImageSizeBytes: LIMIT });
    const { sent, answer } = await sendUntilAnswered(sessionId, '--b\r\n', {
      'content-type': 'multipart/form-data; boundary=b',
      'content-length': ENDLESS,
    });
    const left = await leftovers(t);
    summary.add(`${hostileLine('Content-Length: 256 MB on a 1 MB session', answer, left)} · ${Math.round(sent / MB)} MB written before the answer`);

    expect(expectEnvelope(answer, 413).code).toBe('file_too_large');
    expect(sent).toBeLessThan(64 * MB);
    expect(left).toEqual({ rows: 0, images: 0, incoming: 0 });
  });
});
