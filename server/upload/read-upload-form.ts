import fs from 'node:fs/promises';
import type { Multipart } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { Errors, HttpError } from '../errors';
import { UPLOAD } from '../limits';
import { BodyCap } from './body-cap';
import { receiveFile, type ReceivedFile } from './receive-file';

export type UploadSource = (typeof UPLOAD.sources)[number];

export interface UploadForm {
  file: ReceivedFile;
  /** As the client sent it (unsanitized). */
  clientFilename: string;
  source: UploadSource;
}

const isSource = (value: string): value is UploadSource => UPLOAD.sources.some((source) => source === value);

function checkSource(value: string): UploadSource {
  if (!isSource(value)) throw Errors.badSource(UPLOAD.sources);
  return value;
}

/**
 * Reads the multipart body: exactly one file part named `file`, an optional text part `source`, before or after
 * it. The file goes to `incoming/` as it streams (see receiveFile); when anything is wrong, the incoming file is
 * deleted before the error leaves, and an error found before the file part means the file is never read at all.
 * The body as a whole may exceed the file limit only by UPLOAD.formOverheadBytes (see BodyCap).
 */
export async function readUploadForm(request: FastifyRequest, incomingDir: string, maxFileBytes: number): Promise<UploadForm> {
  if (!request.isMultipart()) {
    throw Errors.badUploadForm('Send the photo as multipart/form-data, in a part named "file".');
  }
  const cap = new BodyCap(request.raw, maxFileBytes + UPLOAD.formOverheadBytes, maxFileBytes);
  let file: ReceivedFile | undefined;
  let clientFilename = '';
  let source: UploadSource | undefined;
  try {
    const parts = request.parts({
      limits: {
        // One byte over the session's limit, so that receiveFile sees the excess and answers 413 itself.
        fileSize: maxFileBytes + 1,
        files: 1,
        fields: UPLOAD.maxFields,
        parts: UPLOAD.maxParts,
        fieldSize: UPLOAD.maxFieldSizeBytes,
      },
    });
    for await (const part of readParts(parts, cap)) {
      if (part.type === 'field') {
        if (part.fieldname === 'file') throw Errors.badUploadForm('The part "file" must be a file, with a file name.');
        if (part.fieldname === 'source') {
          if (part.valueTruncated || typeof part.value !== 'string') throw Errors.badSource(UPLOAD.sources);
          source = checkSource(part.value);
        } else if (part.valueTruncated || part.fieldnameTruncated) {
          // Other fields are tolerated and ignored (SDKs may send their own), but only small ones.
          throw Errors.badUploadForm(`A text field of the form is longer than ${UPLOAD.maxFieldSizeBytes} bytes.`);
        }
        continue;
      }
      if (part.fieldname !== 'file' || file !== undefined) {
        throw Errors.badUploadForm('Send one file per request, in the part named "file".');
      }
      file = await receiveFile(part.file, incomingDir, maxFileBytes);
      clientFilename = part.filename;
    }
    if (file === undefined) throw Errors.badUploadForm('The request has no part named "file".');
    return { file, clientFilename, source: source ?? UPLOAD.defaultSource };
  } catch (error) {
    if (file !== undefined) await fs.rm(file.path, { force: true });
    throw error;
  } finally {
    cap.stop();
  }
}

/**
 * The parser's own failures (limits, malformed or cut bodies) are the client's: 400 with a plain message. A body
 * passing its cap is a 413, whatever the parser was doing meanwhile.
 */
async function* readParts(parts: AsyncIterableIterator<Multipart>, cap: BodyCap): AsyncGenerator<Multipart> {
  for (let first = true; ; first = false) {
    let next: IteratorResult<Multipart>;
    try {
      const pending = parts.next();
      // The first next() has just piped the request into the parser (synchronously): counting may start.
      if (first) cap.start();
      next = await Promise.race([pending, cap.overflow]);
    } catch (error) {
      if (error instanceof HttpError) throw error;
      throw Errors.badUploadForm(describeParserError(error));
    }
    if (next.done === true) return;
    yield next.value;
  }
}

function describeParserError(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_FILES_LIMIT') {
    return 'The form has too many parts: send one "file" and, optionally, "source".';
  }
  return 'The multipart body is malformed or was cut off.';
}
