import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { newId } from '../ids';
import { MIME_TYPES, type MimeType } from '../limits';
import { hashPassword } from '../session/password';
import { listFiles, storedPhotos } from './helpers';

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

/**
 * Creates a session straight through the app's store (the upload tests must not depend on the session-create
 * route), on either backend. Returns its id.
 */
export async function insertTestSession(app: FastifyInstance, options: TestSessionOptions = {}): Promise<string> {
  const { uploads, now, config } = app.qrdrop;
  const id = newId();
  const at = now();
  await uploads.createSession({
    id,
    apiKeyId: options.apiKeyId ?? null,
    env: 'test',
    createdAt: at,
    updatedAt: at,
    expiresAt: at + (options.expiresInMs ?? 60 * 60_000),
    completedAt: options.completed === true ? at : null,
    maxImages: options.maxImages ?? 10,
    // Tests may list types the server does not know: a stored session never holds them (sessionFromRow drops them).
    allowedMimeTypes: (options.allowedMimeTypes ?? MIME_TYPES).filter((type): type is MimeType => MIME_TYPES.some((known) => known === type)),
    maxImageDimension: options.maxImageDimension ?? null,
    maxImageSizeBytes: options.maxImageSizeBytes ?? config.maxImageSizeBytesDefault,
    passwordHash: options.password === undefined ? null : await hashPassword(options.password),
    tags: [],
    longPolling: options.longPolling === true,
    label: null,
    destinationIds: options.destinationIds ?? [],
    e2ePublicKey: options.e2ePublicKey ?? null,
    e2eAllowDowngrade: options.e2eAllowDowngrade === true,
    e2eDowngraded: false,
  });
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

/** The photos the app holds (storedPhotos) and the files in its spool (`incoming/`), on either backend. */
export async function storedFiles(app: FastifyInstance): Promise<{ images: string[]; incoming: string[] }> {
  return { images: await storedPhotos(app), incoming: listFiles(app.qrdrop.paths.incoming) };
}

export function imageRowCount(app: FastifyInstance, sessionId: string): Promise<number> {
  return app.qrdrop.uploads.countImages(sessionId);
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
