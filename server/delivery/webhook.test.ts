import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeJpeg } from '../test/fixtures';
import { auth } from '../test/helpers';
import type { SessionEvent } from '../events';
import {
  createSession,
  createWebhook,
  type Receiver,
  removeData,
  startApp,
  startReceiver,
  uploadPhoto,
  tempDir,
  untilEvent,
} from '../test/delivery-fixtures';

/** The receiver's side, written independently of the server's code: HMAC-SHA256 over the raw body. */
function verifySignature(body: Buffer, header: string | string[] | undefined, secret: string): boolean {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(header.slice('sha256='.length), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Parses the multipart body with the platform's own form-data parser (undici), not with ours. */
async function formDataOf(request: { body: Buffer; headers: Record<string, string | string[] | undefined> }): Promise<FormData> {
  return new Response(new Uint8Array(request.body), { headers: { 'content-type': String(request.headers['content-type']) } }).formData();
}

describe('webhook destinations', () => {
  let dataDir: string;
  let app: FastifyInstance;
  let receiver: Receiver | undefined;

  beforeEach(async () => {
    dataDir = tempDir();
    app = await startApp(dataDir);
  });
  afterEach(async () => {
    await app.close();
    await receiver?.close();
    receiver = undefined;
    await removeData(dataDir);
  });

  it('posts the photo as multipart, signed over the raw body, with the session and image headers', async () => {
    receiver = await startReceiver();
    const destination = await createWebhook(app, receiver.url, { is_default: true });
    const sessionId = await createSession(app, { tags: ['kitchen'] });
    const photo = makeJpeg(64, 48);
    const imageId = await uploadPhoto(app, sessionId, photo, { filename: 'été.jpg' });

    const [request] = await receiver.waitFor(1);
    if (request === undefined) throw new Error('no request');
    expect(verifySignature(request.body, request.headers['x-aptr-signature'], destination.secret)).toBe(true);
    expect(request.headers['x-apertur-signature']).toBe(request.headers['x-aptr-signature']);
    expect(verifySignature(request.body, request.headers['x-aptr-signature'], 'whsec_wrong')).toBe(false);
    expect(request.headers['x-aptr-session-id']).toBe(sessionId);
    expect(request.headers['x-aptr-image-id']).toBe(imageId);
    expect(request.headers['x-aptr-image-index']).toBe('1');
    expect(request.headers['x-aptr-delivery-id']).toMatch(/^[0-9a-f-]{36}$/);

    const form = await formDataOf(request);
    const image = form.get('image');
    if (!(image instanceof File)) throw new Error('no image part');
    expect(image.name).toBe('été.jpg');
    expect(Buffer.from(await image.arrayBuffer()).equals(photo)).toBe(true);
    expect(image.type).toBe('image/jpeg');
    expect(form.get('session_id')).toBe(sessionId);
    expect(form.get('index')).toBe('1');
    const metadata: unknown = JSON.parse(String(form.get('metadata')));
    expect(metadata).toMatchObject({ image_id: imageId, filename: 'été.jpg', size_bytes: photo.length, tags: ['kitchen'] });
  });

  it('names the file part as a download would: a JPEG uploaded as "invoice.html" is "invoice.html.jpg"', async () => {
    receiver = await startReceiver();
    await createWebhook(app, receiver.url, { is_default: true });
    const sessionId = await createSession(app);
    await uploadPhoto(app, sessionId, makeJpeg(16, 16), { filename: 'invoice.html' });

    const [request] = await receiver.waitFor(1);
    if (request === undefined) throw new Error('no request');
    const form = await formDataOf(request);
    const image = form.get('image');
    if (!(image instanceof File)) throw new Error('no image part');
    expect(image.name).toBe('invoice.html.jpg');
    expect(form.get('filename')).toBe('invoice.html');
  });

  it('sends json_base64 when asked, and the signature still covers the exact bytes', async () => {
    receiver = await startReceiver();
    const destination = await createWebhook(app, receiver.url, { format: 'json_base64', is_default: true });
    const sessionId = await createSession(app);
    const photo = makeJpeg(32, 32);
    await uploadPhoto(app, sessionId, photo);

    const [request] = await receiver.waitFor(1);
    if (request === undefined) throw new Error('no request');
    expect(request.headers['content-type']).toBe('application/json');
    expect(verifySignature(request.body, request.headers['x-aptr-signature'], destination.secret)).toBe(true);
    const payload: unknown = JSON.parse(request.body.toString('utf8'));
    if (typeof payload !== 'object' || payload === null || !('data' in payload) || typeof payload.data !== 'string') {
      throw new Error('no data field');
    }
    expect(Buffer.from(payload.data, 'base64').equals(photo)).toBe(true);
  });

  it('retries a receiver that fails 3 times, with the same delivery id, and reports 4 attempts', async () => {
    receiver = await startReceiver((n) => (n <= 3 ? 503 : 204));
    await createWebhook(app, receiver.url, { is_default: true });
    const sessionId = await createSession(app);
    const events: SessionEvent[] = [];
    app.qrdrop.events.subscribe(sessionId, (event) => events.push(event));
    await uploadPhoto(app, sessionId, makeJpeg(16, 16));

    const requests = await receiver.waitFor(4);
    await untilEvent(app, () => events.some((e) => e.type === 'image:delivered'));
    const ids = new Set(requests.map((r) => r.headers['x-aptr-delivery-id']));
    expect(ids.size).toBe(1);
    expect(requests.map((r) => r.headers['x-aptr-attempt'])).toEqual(['1', '2', '3', '4']);

    const status = await app.inject({ url: `/api/v1/upload-sessions/${sessionId}/delivery-status`, headers: auth() });
    expect(status.json().files[0].destinations).toEqual([
      expect.objectContaining({ type: 'webhook', name: 'Receiver', status: 'sent', attempts: 4, last_error: null }),
    ]);
  });

  it('gives up after 5 retries, marks the delivery failed and publishes image:failed', async () => {
    receiver = await startReceiver(() => 500);
    await createWebhook(app, receiver.url, { is_default: true });
    const sessionId = await createSession(app);
    const events: SessionEvent[] = [];
    app.qrdrop.events.subscribe(sessionId, (event) => events.push(event));
    await uploadPhoto(app, sessionId, makeJpeg(16, 16));

    await untilEvent(app, () => events.some((e) => e.type === 'image:failed'));
    expect(receiver.requests).toHaveLength(6);
    const status = await app.inject({ url: `/api/v1/upload-sessions/${sessionId}/delivery-status`, headers: auth() });
    expect(status.json().files[0].destinations[0]).toMatchObject({ status: 'failed', attempts: 6, last_error: 'HTTP 500' });
  });

  it('sends to the destinations the session names instead of the key defaults', async () => {
    receiver = await startReceiver();
    const other = await startReceiver();
    try {
      await createWebhook(app, other.url, { is_default: true });
      const chosen = await createWebhook(app, receiver.url);
      const sessionId = await createSession(app, { destination_ids: [chosen.id] });
      const events: SessionEvent[] = [];
      app.qrdrop.events.subscribe(sessionId, (event) => events.push(event));
      await uploadPhoto(app, sessionId, makeJpeg(16, 16));
      await untilEvent(app, () => events.some((e) => e.type === 'image:delivered'));
      expect(receiver.requests).toHaveLength(1);
      expect(other.requests).toHaveLength(0);
    } finally {
      await other.close();
    }
  });
});
