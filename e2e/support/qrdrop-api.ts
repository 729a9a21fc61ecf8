import { expect, type APIRequestContext } from '@playwright/test';
import * as v from 'valibot';
import { E2E_API_KEY } from '../../playwright.config';

/**
 * The integrator's side of the tests: sessions are created, changed and emptied through the real API with
 * the E2E key, exactly as an integrator would. Every answer is parsed, so a changed wire shape fails here.
 */
export interface SessionOptions {
  max_images?: number;
  allowed_mime_types?: string[];
  max_image_dimension?: number;
  max_image_size_mb?: number;
  expires_at?: string;
  password?: string | null;
  label?: string;
  /** (qrdrop) End-to-end: photos sealed on the phone for this SPKI PEM. */
  e2e_public_key?: string;
  /** (qrdrop) End-to-end: where the phone cannot encrypt, send plain instead of refusing. */
  e2e_allow_downgrade?: boolean;
}

const CreatedSchema = v.object({ id: v.string(), upload_url: v.string(), expires_at: v.string() });
const PageSessionSchema = v.object({ status: v.string(), imagesCount: v.number(), expiresAt: v.string() });
const PollSchema = v.object({
  images: v.array(v.object({ id: v.string(), filename: v.string(), size_bytes: v.number(), mime_type: v.string(), source: v.string() })),
});
export type ReceivedImage = v.InferOutput<typeof PollSchema>['images'][number];

const auth = { authorization: `Bearer ${E2E_API_KEY}` };

export class QrdropApi {
  constructor(private readonly request: APIRequestContext) {}

  /** A new session (long polling on, so the test can list what arrived); returns its id. */
  async createSession(options: SessionOptions = {}): Promise<string> {
    const response = await this.request.post('/api/v1/upload-sessions', { headers: auth, data: { long_polling: true, ...options } });
    expect(response.status(), await response.text()).toBe(201);
    return v.parse(CreatedSchema, await response.json()).id;
  }

  async updateSession(id: string, changes: SessionOptions): Promise<void> {
    const response = await this.request.patch(`/api/v1/upload-sessions/${id}`, { headers: auth, data: changes });
    expect(response.status(), await response.text()).toBe(200);
  }

  async completeSession(id: string): Promise<void> {
    const response = await this.request.post(`/api/v1/upload-sessions/${id}/complete`, { headers: auth });
    expect(response.status(), await response.text()).toBe(200);
  }

  /** The session as the page reads it. */
  async pageSession(id: string): Promise<v.InferOutput<typeof PageSessionSchema>> {
    const response = await this.request.get(`/api/v1/upload/${id}/session`);
    expect(response.status()).toBe(200);
    return v.parse(PageSessionSchema, await response.json());
  }

  /** Sends a photo the way an SDK would (no page involved), e.g. to use up a slot behind the page's back. */
  async uploadDirect(id: string, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
    const response = await this.request.post(`/api/v1/upload/${id}/images`, { multipart: { file, source: 'sdk' } });
    expect(response.status(), await response.text()).toBe(201);
  }

  /** What the server received (and nobody acknowledged yet). */
  async images(id: string): Promise<ReceivedImage[]> {
    const response = await this.request.get(`/api/v1/upload-sessions/${id}/poll`, { headers: auth });
    expect(response.status(), await response.text()).toBe(200);
    return v.parse(PollSchema, await response.json()).images;
  }

  /** Waits until the server holds exactly `count` photos of the session, and returns them. */
  async waitForImages(id: string, count: number, timeout = 30_000): Promise<ReceivedImage[]> {
    await expect.poll(async () => (await this.images(id)).length, { timeout, message: `photos received by session` }).toBe(count);
    return this.images(id);
  }

  async download(id: string, imageId: string): Promise<Buffer> {
    const response = await this.request.get(`/api/v1/upload-sessions/${id}/images/${imageId}`, { headers: auth });
    expect(response.status()).toBe(200);
    return response.body();
  }
}
