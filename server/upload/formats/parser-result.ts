import type { MimeType } from '../../limits';

/** What a format parser found in a file whose first bytes already matched its signature. */
export type Inspection =
  | { ok: true; width: number; height: number }
  /** The structure stops before the image does (interrupted transfer, cut file). */
  | { ok: false; problem: 'truncated' }
  /** The structure is there but makes no sense (zero size, broken markers, impossible lengths). */
  | { ok: false; problem: 'corrupt' }
  /** More boxes, segments or chunks than any photo has (UPLOAD.max*): refused before the walk costs more. */
  | { ok: false; problem: 'too-complex' };

export interface ImageFormat {
  mime: MimeType;
  /** Extension of the stored file; storage names are ours, never the uploader's. */
  extension: 'jpg' | 'png' | 'webp' | 'heic';
}

export const truncated: Inspection = { ok: false, problem: 'truncated' };
export const corrupt: Inspection = { ok: false, problem: 'corrupt' };
export const tooComplex: Inspection = { ok: false, problem: 'too-complex' };

export function measured(width: number, height: number): Inspection {
  return width > 0 && height > 0 ? { ok: true, width, height } : corrupt;
}
