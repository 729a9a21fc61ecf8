import type { FastifyRequest } from 'fastify';
import * as v from 'valibot';
import type { AppContext } from '../context';
import { type Envelope } from '../encryption/envelope';
import { Errors } from '../errors';
import { ENCRYPTION, MIME_TYPES, SESSION, UPLOAD } from '../limits';
import type { Session } from '../session/session-store';
import type { ImageFormat } from './formats/parser-result';
import { readSealed } from './read-encrypted-upload';
import type { UploadForm } from './read-upload-form';
import { writeIncoming } from './write-incoming';

/** What the page declares beside its envelope: the server cannot read the bytes to learn them. */
const side = `must be a whole number from 1 to ${SESSION.maxImageDimensionMax}`;
const dimension = v.optional(v.nullable(v.pipe(v.number(`"width" and "height" ${side}`), v.integer(side), v.minValue(1, side), v.maxValue(SESSION.maxImageDimensionMax, side))), null);
const DeclaredFields = v.object({
  mimeType: v.optional(v.picklist(MIME_TYPES, `"mimeType" must be one of ${MIME_TYPES.join(', ')}.`), 'image/jpeg'),
  width: dimension,
  height: dimension,
});

const EXTENSIONS: Record<(typeof MIME_TYPES)[number], ImageFormat['extension']> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
};

export interface E2eUpload {
  form: UploadForm;
  /** Declared, not read from the bytes; dimensions null when the sender declared none. */
  image: { format: ImageFormat; width: number | null; height: number | null };
}

/**
 * An end-to-end upload (`X-Aptr-Encrypted: e2e`, either transport) for a session with `e2e_public_key`. The server
 * holds no key that opens it, so it checks what it still can: the envelope's shape (400 bad_envelope), the photo's
 * size from the ciphertext (413 before anything is kept), and the page's declared type (415 if the session refuses
 * it) and dimensions (413 past the pixel guard or max_image_dimension). What is kept is the envelope itself,
 * re-encoded from the parsed fields (the bytes inside exactly as sent; no stray fields); the count is the commit's.
 */
export async function readE2eUpload(request: FastifyRequest, context: AppContext, session: Session): Promise<E2eUpload> {
  const sealed = await readSealed(request, context, session.maxImageSizeBytes);
  const declared = v.safeParse(DeclaredFields, sealed.fields);
  if (!declared.success) {
    if (declared.issues[0].path?.[0]?.key === 'mimeType') throw Errors.unsupportedType(session.allowedMimeTypes);
    throw Errors.badUploadForm(declared.issues[0].message);
  }
  const { mimeType, width, height } = declared.output;
  if (!session.allowedMimeTypes.includes(mimeType)) throw Errors.unsupportedType(session.allowedMimeTypes);
  if ((width === null) !== (height === null)) throw Errors.badUploadForm('Declare both "width" and "height", or neither.');
  if (width !== null && height !== null) {
    if (width * height > UPLOAD.maxPixels) throw Errors.tooManyPixels(UPLOAD.maxPixels);
    if (session.maxImageDimension !== null && Math.max(width, height) > session.maxImageDimension) {
      throw Errors.dimensionsTooLarge(session.maxImageDimension);
    }
  }
  const file = await writeIncoming(context.paths.incoming, envelopeBytes(sealed.envelope));
  return {
    form: { file, clientFilename: sealed.clientFilename, source: sealed.source },
    image: { format: { mime: mimeType, extension: EXTENSIONS[mimeType] }, width, height },
  };
}

/** The envelope as every integrator reads it (API.md, "Encrypted uploads"): UTF-8 JSON of the four fields. */
export function envelopeBytes(envelope: Envelope): Buffer {
  return Buffer.from(
    JSON.stringify({
      algorithm: ENCRYPTION.algorithm,
      encryptedKey: envelope.encryptedKey.toString('base64'),
      iv: envelope.iv.toString('base64'),
      encryptedData: envelope.encryptedData.toString('base64'),
    }),
    'utf8',
  );
}
