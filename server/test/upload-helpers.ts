import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { newId } from '../ids';
import { MIME_TYPES } from '../limits';
import { hashPassword } from '../session/password';
import { countImages } from '../session/session-store';

export interface TestSessionOptions {
  maxImages?: number;
  allowedMimeTypes?: string[];
  maxImageDimension?: number | null;
  maxImageSizeBytes?: number;
  password?: string;
  longPolling?: boolean;
  apiKeyId?: string | null;
  expiresInMs?: number;
  completed?: boolean;
  destinationIds?: string[];
  /** An end-to-end session sealed for this SPKI PEM. */
  e2ePublicKey?: string;
  e2eAllowDowngrade?: boolean;
}

/** Inserts a session row directly (the upload tests must not depend on the session-create route). Returns its id. */
export async function insertTestSession(app: FastifyInstance, options: TestSessionOptions = {}): Promise<string> {
  const { db, now, config } = app.qrdrop;
  const id = newId();
  const at = now();
  db.prepare(
    `INSERT INTO sessions (id, api_key_id, env, created_at, updated_at, expires_at, completed_at, max_images,
       allowed_mime_types, max_image_dimension, max_image_size_bytes, password_hash, tags, long_polling, label, destination_ids,
       e2e_public_key, e2e_allow_downgrade)
     VALUES (?, ?, 'test', ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, NULL, ?, ?, ?)`,
  ).run(
    id,
    options.apiKeyId ?? null,
    at,
    at,
    at + (options.expiresInMs ?? 60 * 60_000),
    options.completed === true ? at : null,
    options.maxImages ?? 10,
    JSON.stringify(options.allowedMimeTypes ?? MIME_TYPES),
    options.maxImageDimension ?? null,
    options.maxImageSizeBytes ?? config.maxImageSizeBytesDefault,
    options.password === undefined ? null : await hashPassword(options.password),
    options.longPolling === true ? 1 : 0,
    JSON.stringify(options.destinationIds ?? []),
    options.e2ePublicKey ?? null,
    options.e2eAllowDowngrade === true ? 1 : 0,
  );
  return id;
}

export interface FormPart {
  name: string;
  data: Buffer | string;
  filename?: string;
  contentType?: string;
}

/** A multipart/form-data body, built by hand so tests control part order and content exactly. */
export function multipartBody(parts: FormPart[]): { body: Buffer; contentType: string } {
  const boundary = `----qrdrop${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`;
    const type = part.contentType ?? (part.filename === undefined ? undefined : 'application/octet-stream');
    const head = `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type === undefined ? '' : `Content-Type: ${type}\r\n`}\r\n`;
    chunks.push(Buffer.from(head), Buffer.from(part.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export interface UploadOptions {
  filename?: string;
  contentType?: string;
  source?: string;
  /** Put the `source` part before the file part (default: after). */
  sourceFirst?: boolean;
  headers?: Record<string, string>;
  /** The client address the upload comes from (inject's default is 127.0.0.1). */
  remoteAddress?: string;
}

export const uploadPath = (sessionId: string) => `/api/v1/upload/${sessionId}/images`;

/** One upload through `inject`. */
export function upload(app: FastifyInstance, sessionId: string, file: Buffer, options: UploadOptions = {}) {
  const filePart: FormPart = {
    name: 'file',
    data: file,
    filename: options.filename ?? 'photo.jpg',
    contentType: options.contentType ?? 'image/jpeg',
  };
  const parts = [filePart];
  if (options.source !== undefined) {
    const sourcePart = { name: 'source', data: options.source };
    if (options.sourceFirst === true) parts.unshift(sourcePart);
    else parts.push(sourcePart);
  }
  const { body, contentType } = multipartBody(parts);
  return app.inject({
    method: 'POST',
    url: uploadPath(sessionId),
    headers: { 'content-type': contentType, ...options.headers },
    payload: body,
    ...(options.remoteAddress === undefined ? {} : { remoteAddress: options.remoteAddress }),
  });
}

/** Every file under `images/` and `incoming/` of a data directory, as relative paths. */
export function filesOnDisk(dataDir: string): { images: string[]; incoming: string[] } {
  const list = (dir: string): string[] =>
    fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => fs.statSync(path.join(dir, name)).isFile()) : [];
  return { images: list(path.join(dataDir, 'images')), incoming: list(path.join(dataDir, 'incoming')) };
}

export function imageRowCount(app: FastifyInstance, sessionId: string): number {
  return countImages(app.qrdrop.db, sessionId);
}

/** The bytes around one file part, for tests that stream the file itself piece by piece. */
export function fileEnvelope(filename = 'photo.jpg'): { head: Buffer; tail: Buffer; contentType: string } {
  const boundary = `----qrdrop${randomBytes(12).toString('hex')}`;
  return {
    head: Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: image/jpeg\r\n\r\n`),
    tail: Buffer.from(`\r\n--${boundary}--\r\n`),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}
