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

/** Records `count` received photos straight in the database (the upload route is not what these tests are about). */
export function addImages(app: FastifyInstance, sessionId: string, count: number): void {
  const insert = app.qrdrop.db.prepare(
    `INSERT INTO images (id, session_id, idx, filename, storage_name, mime_type, size_bytes, sha256, source, created_at)
     VALUES (?, ?, ?, 'photo.jpg', ?, 'image/jpeg', 100, 'x', 'camera', ?)`,
  );
  const start = app.qrdrop.db.prepare('SELECT COUNT(*) AS n FROM images WHERE session_id = ?').pluck().get(sessionId);
  for (let i = 1; i <= count; i++) insert.run(randomUUID(), sessionId, Number(start) + i, randomUUID(), app.qrdrop.now());
}
