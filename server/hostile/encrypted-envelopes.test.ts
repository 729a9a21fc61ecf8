import { generateKeyPairSync } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MB } from '../limits';
import { makeJpeg } from '../test/fixtures';
import { makeTestApp, type TestApp } from '../test/helpers';
import { listenLocal, openPost, writeChunk } from '../test/http-client';
import { sealForServer } from '../test/seal';
import { ScenarioSummary } from '../test/summary';
import { insertTestSession, multipartBody, uploadPath } from '../test/upload-helpers';
import { expectEnvelope, fromInject, hostileLine, leftovers } from '../test/hostile-support';

/** Forged and oversized encrypted uploads (API.md, "Encrypted uploads"): 400/413 with a code, never 5xx, nothing kept. */
let t: TestApp;
let serverPem: string;
const summary = new ScenarioSummary('hostile-envelopes');
beforeEach(async () => {
  t = await makeTestApp();
  serverPem = (await t.app.qrdrop.serverKey()).publicKeyPem;
});
afterEach(async () => {
  await t.close();
});
afterAll(() => summary.flush());

const photo = makeJpeg(64, 48);
const otherPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
type Sealed = ReturnType<typeof sealForServer>;

function flipLastByte(sealed: Sealed): Sealed {
  const data = Buffer.from(sealed.encryptedData, 'base64');
  data.writeUInt8(data.readUInt8(data.length - 1) ^ 0x01, data.length - 1);
  return { ...sealed, encryptedData: data.toString('base64') };
}

interface ForgedCase {
  input: string;
  /** What the SDK would send, built once the server's key is known. */
  body: (pem: string) => unknown;
  status: number;
  code: string;
}

const CASES: ForgedCase[] = [
  { input: 'sealed for another RSA key', body: () => sealForServer(photo, otherPem), status: 400, code: 'bad_envelope' },
  { input: 'GCM tag with one bit flipped', body: (pem) => flipLastByte(sealForServer(photo, pem)), status: 400, code: 'bad_envelope' },
  { input: 'algorithm "AES-256-CBC"', body: (pem) => ({ ...sealForServer(photo, pem), algorithm: 'AES-256-CBC' }), status: 400, code: 'bad_envelope' },
  { input: 'url-safe base64 in encryptedData', body: (pem) => ({ ...sealForServer(photo, pem), encryptedData: '-_-_' }), status: 400, code: 'bad_envelope' },
  { input: 'encryptedKey not base64 at all', body: (pem) => ({ ...sealForServer(photo, pem), encryptedKey: '%%% not base64 %%%' }), status: 400, code: 'bad_envelope' },
  { input: 'envelope without encryptedKey', body: (pem) => ({ ...sealForServer(photo, pem), encryptedKey: undefined }), status: 400, code: 'bad_envelope' },
  { input: 'a JSON array', body: () => [], status: 400, code: 'bad_envelope' },
  { input: '"source": "admin" beside a good envelope', body: (pem) => ({ ...sealForServer(photo, pem), source: 'admin' }), status: 400, code: 'bad_source' },
];

const sendJson = (sessionId: string, payload: string, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url: uploadPath(sessionId),
    headers: { 'content-type': 'application/json', 'x-aptr-encrypted': 'default', ...headers },
    payload,
  });

function sendEncPart(sessionId: string, bytes: string) {
  const { body, contentType } = multipartBody([{ name: 'file', data: bytes, filename: 'photo.jpg.enc', contentType: 'application/octet-stream' }]);
  return t.app.inject({ method: 'POST', url: uploadPath(sessionId), headers: { 'content-type': contentType, 'x-aptr-encrypted': 'default' }, payload: body });
}

describe('forged encrypted uploads', () => {
  it.each(CASES.map((c) => [c.input, c] as const))('JSON, %s: refused with its code, nothing kept', async (input, c) => {
    const sessionId = await insertTestSession(t.app);
    const answer = fromInject(await sendJson(sessionId, JSON.stringify(c.body(serverPem))));
    const left = await leftovers(t);
    summary.add(hostileLine(`JSON envelope ${input}`, answer, left));
    expect(expectEnvelope(answer, c.status).code).toBe(c.code);
    expect(left).toEqual({ rows: 0, images: 0, incoming: 0 });
  });

  it.each(CASES.filter((c) => c.code === 'bad_envelope').map((c) => [c.input, c] as const))(
    'multipart ".enc", %s: 400 bad_envelope, nothing kept',
    async (input, c) => {
      const sessionId = await insertTestSession(t.app);
      const answer = fromInject(await sendEncPart(sessionId, JSON.stringify(c.body(serverPem))));
      const left = await leftovers(t);
      summary.add(hostileLine(`multipart .enc ${input}`, answer, left));
      expect(expectEnvelope(answer, 400).code).toBe('bad_envelope');
      expect(left).toEqual({ rows: 0, images: 0, incoming: 0 });
    },
  );

  it.each([
    ['JSON body that is not JSON', (sessionId: string) => sendJson(sessionId, '{"encryptedKey": '), 400, 'bad_envelope'],
    ['".enc" part holding the raw JPEG', (sessionId: string) => sendEncPart(sessionId, photo.toString('latin1')), 400, 'bad_envelope'],
    ['X-Aptr-Encrypted: e2e on a session without e2e_public_key', (sessionId: string) => sendJson(sessionId, JSON.stringify(sealForServer(photo, serverPem)), { 'x-aptr-encrypted': 'e2e' }), 400, 'e2e_not_enabled'],
    ['X-Aptr-Encrypted: "none"', (sessionId: string) => sendJson(sessionId, JSON.stringify(sealForServer(photo, serverPem)), { 'x-aptr-encrypted': 'none' }), 400, 'bad_envelope'],
    ['X-Aptr-Encrypted with a text/plain body', (sessionId: string) => sendJson(sessionId, 'x', { 'content-type': 'text/plain' }), 400, 'bad_upload_form'],
  ] as const)('%s: refused, nothing kept', async (input, send, status, code) => {
    const sessionId = await insertTestSession(t.app);
    const answer = fromInject(await send(sessionId));
    const left = await leftovers(t);
    summary.add(hostileLine(input, answer, left));
    expect(expectEnvelope(answer, status).code).toBe(code);
    expect(left).toEqual({ rows: 0, images: 0, incoming: 0 });
  });
});

describe('oversized encrypted uploads', () => {
  const LIMIT = 1 * MB;

  it('an envelope whose photo is over the session limit: 413 file_too_large, before it is opened', async () => {
    const sessionId = await insertTestSession(t.app, { maxImageSizeBytes: LIMIT });
    const big = Buffer.concat([photo, Buffer.alloc(LIMIT)]);
    for (const [transport, response] of [
      ['JSON', await sendJson(sessionId, JSON.stringify(sealForServer(big, serverPem)))],
      ['multipart', await sendEncPart(sessionId, JSON.stringify(sealForServer(big, serverPem)))],
    ] as const) {
      const answer = fromInject(response);
      const left = await leftovers(t);
      summary.add(hostileLine(`${transport} envelope of a ${Math.round(big.length / 1024)} KB photo on a 1 MB session`, answer, left));
      expect(expectEnvelope(answer, 413).code).toBe('file_too_large');
      expect(left).toEqual({ rows: 0, images: 0, incoming: 0 });
    }
  });

  it('a photo exactly at the limit, as base64 in JSON, fits the body cap', async () => {
    const sessionId = await insertTestSession(t.app, { maxImageSizeBytes: LIMIT });
    const atLimit = Buffer.concat([photo, Buffer.alloc(LIMIT - photo.length)]);
    const response = await sendJson(sessionId, JSON.stringify({ ...sealForServer(atLimit, serverPem), filename: 'x'.repeat(200) }));
    // A JPEG padded with zeros after its end: accepted as a JPEG of that size.
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ size_bytes: LIMIT });
  });

  it('a chunked JSON body without end, over a real socket: 413 body_too_large once past 4/3 of the limit, reading stops', async () => {
    const sessionId = await insertTestSession(t.app, { maxImageSizeBytes: LIMIT });
    const port = await listenLocal(t.app);
    const open = openPost(port, uploadPath(sessionId), { 'content-type': 'application/json', 'x-aptr-encrypted': 'default' });
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    let sent = 0;
    if (await writeChunk(open, Buffer.from('{"encryptedData":"'))) {
      while (sent < 256 * MB && (await writeChunk(open, chunk))) sent += chunk.length;
    }
    const response = await open.response;
    open.request.destroy();
    const answer = { status: response.status, headers: response.headers, body: response.body };
    const left = await leftovers(t);
    summary.add(`${hostileLine('chunked JSON envelope of 256 MB on a 1 MB session', answer, left)} · ${Math.round(sent / MB)} MB written before the answer`);
    expect(expectEnvelope(answer, 413).code).toBe('body_too_large');
    expect(answer.headers.connection).toBe('close');
    expect(sent).toBeLessThan(64 * MB);
    expect(left).toEqual({ rows: 0, images: 0, incoming: 0 });
  });

  it('a JSON body declaring 256 MB: 413 file_too_large before any of it is read', async () => {
    const sessionId = await insertTestSession(t.app, { maxImageSizeBytes: LIMIT });
    const port = await listenLocal(t.app);
    const open = openPost(port, uploadPath(sessionId), { 'content-type': 'application/json', 'x-aptr-encrypted': 'default', 'content-length': 256 * MB });
    await writeChunk(open, Buffer.from('{"encryptedData":"'));
    const response = await open.response;
    open.request.destroy();
    const answer = { status: response.status, headers: response.headers, body: response.body };
    summary.add(hostileLine('JSON envelope declaring Content-Length: 256 MB on a 1 MB session', answer, await leftovers(t)));
    expect(expectEnvelope(answer, 413).code).toBe('file_too_large');
    expect(await leftovers(t)).toEqual({ rows: 0, images: 0, incoming: 0 });
  });
});
