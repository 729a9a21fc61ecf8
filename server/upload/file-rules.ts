import fs from 'node:fs/promises';
import { Errors } from '../errors';
import { UPLOAD } from '../limits';
import type { Session } from '../session/session-store';
import { fileReader } from './formats/byte-reader';
import { inspectFile } from './formats/inspect-file';
import type { ImageFormat } from './formats/parser-result';
import type { ReceivedFile } from './receive-file';

export interface AcceptedImage {
  format: ImageFormat;
  width: number;
  height: number;
}

/**
 * The checks made on the received bytes, in this order: empty (400) → not an image we take, or not one this
 * session allows (415) → cut or broken (400) → too much structure or past the checks' time budget (400) → more pixels than the bomb guard (413) → longest side over the
 * session's max_image_dimension (413).
 */
export async function checkReceivedFile(file: ReceivedFile, session: Session): Promise<AcceptedImage> {
  const handle = await fs.open(file.path, 'r');
  const verdict = await inspectFile(fileReader(handle, file.size)).finally(() => handle.close());
  switch (verdict.kind) {
    case 'empty':
      throw Errors.emptyFile();
    case 'unsupported':
      throw Errors.unsupportedType(session.allowedMimeTypes);
    case 'truncated':
    case 'corrupt':
    case 'too-complex':
    case 'image':
      break;
  }
  if (!session.allowedMimeTypes.includes(verdict.format.mime)) throw Errors.unsupportedType(session.allowedMimeTypes);
  if (verdict.kind === 'truncated') throw Errors.truncatedFile();
  if (verdict.kind === 'corrupt') throw Errors.corruptImage();
  if (verdict.kind === 'too-complex') throw Errors.imageTooComplex();
  const { width, height } = verdict;
  if (width * height > UPLOAD.maxPixels) throw Errors.tooManyPixels(UPLOAD.maxPixels);
  if (session.maxImageDimension !== null && Math.max(width, height) > session.maxImageDimension) {
    throw Errors.dimensionsTooLarge(session.maxImageDimension);
  }
  return { format: verdict.format, width, height };
}
