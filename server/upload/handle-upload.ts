/**
 * server/upload/: receiving a photo on POST /api/v1/upload/{uuid}/images: admission (this file), the form or
 * encrypted body, writing and checking the file, idempotency, committing it, recovery after a crash. Checking the
 * bytes of each image format lives in formats/.
 */
import fs from 'node:fs/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Errors, HttpError } from '../errors';
import { SESSION, UPLOAD } from '../limits';
import { parseInput } from '../parse-input';
import { applyRateLimit } from '../rate-limit';
import { SessionParams } from '../session/session-input';
import { assertSessionPassword } from '../session/session-password';
import { assertOpen, type Session, sessionOr404 } from '../session/session-store';
import type { AppContext } from '../context';
import type { InsertOutcome } from '../storage/image-store';
import type { StoredImage } from '../storage/stored-image';
import { commitImage } from './commit-image';
import { discardBody, releaseBody } from './discard-body';
import { uploadStartedOf } from '../integrator/upload-started';
import { checkReceivedFile } from './file-rules';
import { sanitizeFilename } from './filename';
import { type IdempotencyGate, parseIdempotencyKey } from './idempotency';
import { checkE2eMode } from './e2e-rules';
import { readE2eUpload } from './read-e2e-upload';
import { encryptionMode, isEncryptedUpload, maxUploadBodyBytes, readEncryptedUpload } from './read-encrypted-upload';
import { readUploadForm } from './read-upload-form';
import { type UploadReply, uploadReply } from './upload-reply';

/**
 * POST /api/v1/upload/{uuid}/images. Everything that can be refused without the body is refused before a byte of
 * it is read: 404 → 409/410 → 429 (this client's wrong password guesses) → 401 → 429 (the session's uploads) →
 * (Idempotency-Key replay, which drains the body) → 422. Wrong passwords count as guesses (PASSWORD_GUESSES), so
 * the upload route is no unlimited password oracle, and they do not use up the session's upload allowance.
 * Then the file streams to incoming/ (413 past the limit), its bytes are checked (400/413/415), and it is committed.
 */
export async function handleUpload(request: FastifyRequest, reply: FastifyReply, gate: IdempotencyGate): Promise<UploadReply> {
  try {
    return await admitAndReceive(request, reply, gate);
  } catch (error) {
    // Every refusal is answered at once, however far the body has gone. The rest of a body of bounded, declared
    // size is then read and dropped behind the answer, so that the server does not close on unread data (browsers
    // would report a network error instead of the status: "Session full" would become "Connection problem,
    // retrying…"); a larger or unsized body is cut off with the answer (releaseBody decides).
    if (error instanceof HttpError) releaseBody(request.raw, REFUSAL_DRAIN_MAX_BYTES);
    throw error;
  }
}

/** The largest body worth draining to deliver a refusal: the largest photo a session may allow, plus the form. */
const REFUSAL_DRAIN_MAX_BYTES = SESSION.maxImageSizeMbMax * 1024 * 1024 + UPLOAD.formOverheadBytes;

async function admitAndReceive(request: FastifyRequest, reply: FastifyReply, gate: IdempotencyGate): Promise<UploadReply> {
  const context = request.server.qrdrop;
  const session = await sessionOr404(context.uploads, parseInput(SessionParams, request.params, 'bad_request').uuid);
  assertOpen(session, context.now());
  // The password before the upload allowance, so that a guesser's uploads use up only its own guesses.
  await assertSessionPassword(context, session, request.ip, request.headers['x-session-password']);
  const { rateLimits } = context.config;
  const hit = await context.rateLimiter.hit(`session:${session.id}:upload`, rateLimits.uploadsPerSession, rateLimits.windowMs);
  applyRateLimit(reply, hit, context.now());
  const idempotencyKey = parseIdempotencyKey(request.headers['idempotency-key']);

  const release = idempotencyKey === undefined ? () => {} : await gate.acquire(`${session.id}\n${idempotencyKey}`);
  let earlier: StoredImage | undefined;
  try {
    earlier = idempotencyKey === undefined ? undefined : await context.uploads.findByIdempotencyKey(session.id, idempotencyKey);
    if (earlier === undefined) return await receiveAndCommit(request, reply, session, idempotencyKey ?? null);
  } finally {
    release();
  }
  // The photo is in already (a retry whose first answer was lost): the retry's body is read to its end and
  // dropped, so that this 201 is not destroyed by a reset and the client stops retrying.
  await discardBody(request.raw, maxUploadBodyBytes(request, session.maxImageSizeBytes));
  return replay(reply, await uploadReply(context, earlier, session));
}

async function receiveAndCommit(
  request: FastifyRequest,
  reply: FastifyReply,
  session: Session,
  idempotencyKey: string | null,
): Promise<UploadReply> {
  const context = request.server.qrdrop;
  // Early "full": do not take a whole photo only to refuse it. The commit re-checks inside its transaction.
  if ((await context.uploads.countImages(session.id)) >= session.maxImages) throw Errors.sessionFull();
  // End-to-end sessions take envelopes sealed for their key (or, where allowed, a downgraded plain photo) and
  // others never take one: decided from the header, before a byte of the body is read.
  const e2e = checkE2eMode(session, encryptionMode(request));
  context.events.publish({ type: 'upload:started', sessionId: session.id, ...uploadStartedOf(request), at: context.now() });
  if (e2e === 'envelope') return receiveAndCommitE2e(request, reply, session, idempotencyKey);

  // An encrypted upload is opened first; from then on it is checked and committed like a plain one.
  const isEncrypted = isEncryptedUpload(request);
  const form = isEncrypted
    ? await readEncryptedUpload(request, context, session.maxImageSizeBytes)
    : await readUploadForm(request, context.paths.incoming, session.maxImageSizeBytes);
  let checked = false;
  try {
    const image = await checkReceivedFile(form.file, session);
    const filename = sanitizeFilename(form.clientFilename, `photo.${image.format.extension}`);
    checked = true;
    const outcome = await commitImage(context, { session, file: form.file, image, filename, source: form.source, idempotencyKey, isEncrypted, isE2e: false });
    if (outcome.kind === 'inserted' && e2e === 'downgraded') await context.uploads.markE2eDowngraded(session.id);
    return answerCommit(reply, context, session, outcome);
  } finally {
    // A refused file goes away here. A checked one is commitImage's: stored by the photo store, or removed on failure.
    if (!checked) await fs.rm(form.file.path, { force: true });
  }
}

/** An end-to-end envelope: its checks are readE2eUpload's (no bytes to inspect); committed as the envelope. */
async function receiveAndCommitE2e(
  request: FastifyRequest,
  reply: FastifyReply,
  session: Session,
  idempotencyKey: string | null,
): Promise<UploadReply> {
  const context = request.server.qrdrop;
  const { form, image } = await readE2eUpload(request, context, session);
  const filename = sanitizeFilename(form.clientFilename, `photo.${image.format.extension}`);
  const outcome = await commitImage(context, { session, file: form.file, image, filename, source: form.source, idempotencyKey, isEncrypted: true, isE2e: true });
  return answerCommit(reply, context, session, outcome);
}

/** The commit's outcome as the answer: the session as it is now, not as it was when the request began. */
async function answerCommit(reply: FastifyReply, context: AppContext, session: Session, outcome: InsertOutcome): Promise<UploadReply> {
  if (outcome.kind === 'missing') throw Errors.sessionNotFound();
  if (outcome.kind === 'completed') throw Errors.sessionCompleted();
  if (outcome.kind === 'expired') throw Errors.sessionExpired();
  if (outcome.kind === 'full') throw Errors.sessionFull();
  if (outcome.kind === 'duplicate') return replay(reply, await uploadReply(context, outcome.image, session));
  context.events.publish({ type: 'image:ready', sessionId: session.id, imageId: outcome.image.id, at: context.now() });
  reply.code(201);
  return await uploadReply(context, outcome.image, session);
}

/** Same status and body as the first time; nothing new is stored. */
function replay(reply: FastifyReply, body: UploadReply): UploadReply {
  reply.code(201).header('idempotent-replayed', 'true');
  return body;
}
