/**
 * server/upload/formats/: the image formats' byte checks: sniffing the type, the JPEG, PNG, WebP and HEIC parsers
 * (HEIC over iso-boxes), the byte reader and the time budget they read through. This file is the entry: a file's
 * bytes → its verdict. parser-result.ts holds what each parser returns.
 */
import { UPLOAD } from '../../limits';
import { type ByteReader } from './byte-reader';
import { budgetedReader, CheckBudgetExceeded } from './check-budget';
import { inspectHeic } from './heic';
import { type ImageFormat, type Inspection, tooComplex } from './parser-result';
import { inspectJpeg } from './jpeg';
import { inspectPng } from './png';
import { SNIFF_BYTES, sniffFormat } from './sniff';
import { inspectWebp } from './webp';

/** The verdict on an uploaded file's bytes, before any session rule (allowed types, dimensions) is applied. */
export type FileVerdict =
  | { kind: 'image'; format: ImageFormat; width: number; height: number }
  | { kind: 'empty' }
  /** Not one of the four image formats (SVG, PDF, text, GIF, AVIF...). */
  | { kind: 'unsupported' }
  | { kind: 'truncated'; format: ImageFormat }
  | { kind: 'corrupt'; format: ImageFormat }
  /** Too much structure to walk (caps), or the checks ran past UPLOAD.checkBudgetMs. */
  | { kind: 'too-complex'; format: ImageFormat };

export interface InspectOptions {
  budgetMs?: number;
  /** The budget's clock (ms); tests move it by hand. */
  now?: () => number;
}

const INSPECTORS: Record<ImageFormat['mime'], (reader: ByteReader) => Promise<Inspection>> = {
  'image/jpeg': inspectJpeg,
  'image/png': inspectPng,
  'image/webp': inspectWebp,
  'image/heic': inspectHeic,
};

export async function inspectFile(reader: ByteReader, options: InspectOptions = {}): Promise<FileVerdict> {
  if (reader.size === 0) return { kind: 'empty' };
  const format = sniffFormat(await reader.read(0, SNIFF_BYTES));
  if (format === undefined) return { kind: 'unsupported' };
  const budgeted = budgetedReader(reader, options.budgetMs ?? UPLOAD.checkBudgetMs, options.now);
  const inspection = await INSPECTORS[format.mime](budgeted).catch((error: unknown) => {
    if (error instanceof CheckBudgetExceeded) return tooComplex;
    throw error;
  });
  if (!inspection.ok) return { kind: inspection.problem, format };
  return { kind: 'image', format, width: inspection.width, height: inspection.height };
}
