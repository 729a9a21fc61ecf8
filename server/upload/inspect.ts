import { type ByteReader } from './byte-reader';
import { inspectHeic } from './heic';
import type { ImageFormat, Inspection } from './inspection';
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
  | { kind: 'corrupt'; format: ImageFormat };

const INSPECTORS: Record<ImageFormat['mime'], (reader: ByteReader) => Promise<Inspection>> = {
  'image/jpeg': inspectJpeg,
  'image/png': inspectPng,
  'image/webp': inspectWebp,
  'image/heic': inspectHeic,
};

export async function inspectFile(reader: ByteReader): Promise<FileVerdict> {
  if (reader.size === 0) return { kind: 'empty' };
  const format = sniffFormat(await reader.read(0, SNIFF_BYTES));
  if (format === undefined) return { kind: 'unsupported' };
  const inspection = await INSPECTORS[format.mime](reader);
  if (!inspection.ok) return { kind: inspection.problem, format };
  return { kind: 'image', format, width: inspection.width, height: inspection.height };
}
