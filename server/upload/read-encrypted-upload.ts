import fs from 'node:fs/promises';
import type { FastifyRequest } from 'fastify';
import * as v from 'valibot';
import type { AppContext } from '../context';
import { badEnvelope, type Envelope, openEnvelope, parseEnvelope } from '../encryption/envelope';
import { Errors, HttpError } from '../errors';
import { ENCRYPTION, UPLOAD } from '../limits';
import { readCappedBody } from './read-capped-body';
import { readUploadForm, type UploadForm, type UploadSource } from './read-upload-form';
import { writeIncoming } from './write-incoming';

/** API.md, "Encrypted uploads": both transports carry this header; its one value is server-key encryption. */
const ENCRYPTED_HEADER = 'x-aptr-encrypted';
const SERVER_KEY_MODE = 'default';
/** (qrdrop) Sealed on the phone for the session's `e2e_public_key`: stored as sent, never opened here. */
export const E2E_MODE = 'e2e';

export const isEncryptedUpload = (request: FastifyRequest) => request.headers[ENCRYPTED_HEADER] !== undefined;

/** The header's value, lower-cased: `default`, `e2e`, something else, or undefined (a plain upload). */
export function encryptionMode(request: FastifyRequest): string | undefined {
  const mode = request.headers[ENCRYPTED_HEADER];
  if (mode === undefined) return undefined;
  return typeof mode === 'string' ? mode.trim().toLowerCase() : '';
}

/**
 * The largest envelope that can hold a photo of `maxFileBytes`: the ciphertext (photo + GCM tag) as base64, plus
 * the wrapped key, the IV and the JSON around them. Beyond it the body cannot be a photo this session takes.
 */
export const maxEnvelopeBytes = (maxFileBytes: number) =>
  4 * Math.ceil((maxFileBytes + ENCRYPTION.tagBytes) / 3) + ENCRYPTION.envelopeOverheadBytes;

/** The most body an upload may carry: an encrypted one holds its photo as base64 inside an envelope. */
export const maxUploadBodyBytes = (request: FastifyRequest, maxFileBytes: number) =>
  (isEncryptedUpload(request) ? maxEnvelopeBytes(maxFileBytes) : maxFileBytes) + UPLOAD.formOverheadBytes;

/**
 * Reads an encrypted upload, JSON or multipart, and opens it with the server's key: the result is an UploadForm
 * whose file in `incoming/` holds the photo's own bytes, so every check of a plain upload runs on them unchanged.
 * Refusals: body past the envelope cap → 413; not an envelope, wrong key, tag, algorithm or base64 → 400
 * `bad_envelope`; a photo inside over the session's limit → 413 `file_too_large` (before any decryption).
 */
export async function readEncryptedUpload(request: FastifyRequest, context: AppContext, maxFileBytes: number): Promise<UploadForm> {
  if (encryptionMode(request) !== SERVER_KEY_MODE) {
    throw badEnvelope(`X-Aptr-Encrypted must be "${SERVER_KEY_MODE}" (sealed for the key of GET /api/v1/encryption/server-key) or "${E2E_MODE}".`);
  }
  const sealed = await readSealed(request, context, maxFileBytes);
  const { privateKey } = await context.serverKey();
  const plain = openEnvelope(sealed.envelope, privateKey);
  const file = await writeIncoming(context.paths.incoming, plain);
  return { file, clientFilename: sealed.clientFilename, source: sealed.source };
}

export interface Sealed {
  envelope: Envelope;
  /** The envelope's JSON as parsed (its extra fields are the transport's, or an e2e page's declared metadata). */
  fields: unknown;
  clientFilename: string;
  source: UploadSource;
}

/**
 * Reads either transport's envelope and checks its shape and size: the photo inside (ciphertext less the GCM tag,
 * the only growth) over `maxFileBytes` is 413 before any work is spent on it.
 */
export async function readSealed(request: FastifyRequest, context: AppContext, maxFileBytes: number): Promise<Sealed> {
  const sealed = request.isMultipart()
    ? await readMultipartEnvelope(request, context.paths.incoming, maxFileBytes)
    : await readJsonEnvelope(request, maxFileBytes);
  if (sealed.envelope.encryptedData.length - ENCRYPTION.tagBytes > maxFileBytes) throw Errors.fileTooLarge(maxFileBytes);
  return sealed;
}

/** The JSON transport's own fields beside the envelope; `mimeType` is read and ignored (the bytes decide). */
const JsonFields = v.object({
  filename: v.optional(v.string('"filename" must be a string.'), 'image.jpg'),
  mimeType: v.optional(v.string('"mimeType" must be a string.')),
  source: v.optional(v.picklist(UPLOAD.sources), 'sdk'),
});

async function readJsonEnvelope(request: FastifyRequest, maxFileBytes: number): Promise<Sealed> {
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw Errors.badUploadForm('Send an encrypted photo as application/json (the envelope) or as multipart/form-data (a ".enc" part).');
  }
  const body = await readCappedBody(request.raw, maxEnvelopeBytes(maxFileBytes), maxFileBytes);
  const value = parseJson(body);
  const envelope = parseEnvelope(value);
  const fields = v.safeParse(JsonFields, value);
  if (!fields.success) {
    const issue = fields.issues[0];
    if (issue.path?.[0]?.key === 'source') throw Errors.badSource(UPLOAD.sources);
    throw Errors.badUploadForm(issue.message);
  }
  return { envelope, fields: value, clientFilename: fields.output.filename, source: fields.output.source };
}

/** The multipart transport: the part `file` (`<name>.enc`) holds the envelope's JSON, read through the plain form. */
async function readMultipartEnvelope(request: FastifyRequest, incomingDir: string, maxFileBytes: number): Promise<Sealed> {
  let form: UploadForm;
  try {
    form = await readUploadForm(request, incomingDir, maxEnvelopeBytes(maxFileBytes));
  } catch (error) {
    // The form's limit is the envelope's; the person is told the photo's.
    if (error instanceof HttpError && error.code === 'file_too_large') throw Errors.fileTooLarge(maxFileBytes);
    throw error;
  }
  let body: Buffer;
  try {
    body = await fs.readFile(form.file.path);
  } finally {
    await fs.rm(form.file.path, { force: true });
  }
  const value = parseJson(body);
  return {
    envelope: parseEnvelope(value),
    fields: value,
    clientFilename: form.clientFilename.replace(/\.enc$/i, ''),
    source: form.source,
  };
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw badEnvelope('The encrypted upload is not a JSON envelope.');
  }
}
