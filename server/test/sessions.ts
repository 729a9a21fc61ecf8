import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { auth, TEST_API_KEY } from './helpers';

export interface CreatedSession {
  id: string;
  uuid: string;
  upload_url: string;
  qr_url: string;
  expires_at: string;
  password_protected: boolean;
  env: 'live' | 'test';
}

/** Creates a session through the API (as an integrator would) and fails loudly if that does not work. */
export async function createSession(app: FastifyInstance, payload: object = {}, key = TEST_API_KEY): Promise<CreatedSession> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/upload-sessions', headers: auth(key), payload });
  if (response.statusCode !== 201) throw new Error(`create failed: ${response.statusCode} ${response.body}`);
  return response.json<CreatedSession>();
}

/**
 * Records `count` received photos straight through the app's store, on either backend, without their bytes (the
 * upload route is not what these tests are about). Fails loudly when the session has no room for them.
 */
export async function addImages(app: FastifyInstance, sessionId: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    const outcome = await app.qrdrop.uploads.insertImageIfRoom(
      {
        id,
        sessionId,
        filename: 'photo.jpg',
        storageName: `${id}.jpg`,
        mimeType: 'image/jpeg',
        sizeBytes: 100,
        width: null,
        height: null,
        sha256: 'x',
        source: 'camera',
        idempotencyKey: null,
        isEncrypted: false,
        isE2e: false,
        createdAt: app.qrdrop.now(),
      },
      app.qrdrop.now(),
    );
    if (outcome.kind !== 'inserted') throw new Error(`addImages: the session refused a photo (${outcome.kind})`);
  }
}
