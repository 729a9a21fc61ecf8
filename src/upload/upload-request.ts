import type { UploadRequest, UploadSource } from './types';

export interface UploadRequestInput {
  sessionId: string;
  blob: Blob;
  fileName: string;
  source: UploadSource;
  /** One key per file, the same on every retry: the server stores a retried upload only once. */
  idempotencyKey: string;
  /** The verified session password, if the session has one. */
  password?: string;
  /** The blob is an end-to-end envelope (src/upload/e2e): sent with `X-Aptr-Encrypted: e2e`. */
  e2e?: boolean;
}

/** `POST /api/v1/upload/{id}/images`, multipart (API.md "Upload"). */
export function buildUploadRequest(input: UploadRequestInput): UploadRequest {
  const body = new FormData();
  // `source` goes before `file`: the server streams the file part and reads the fields that precede it.
  body.append('source', input.source);
  body.append('file', input.blob, input.fileName);
  const headers: Record<string, string> = { 'Idempotency-Key': input.idempotencyKey };
  if (input.password !== undefined && input.password !== '') headers['x-session-password'] = input.password;
  if (input.e2e === true) headers['X-Aptr-Encrypted'] = 'e2e';
  return { url: `/api/v1/upload/${encodeURIComponent(input.sessionId)}/images`, headers, body };
}
