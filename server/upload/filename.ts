import { UPLOAD } from '../limits';

/** C0/C1 controls, and the bidirectional overrides that make "gpj.exe" display as "exe.jpg". */
const UNSAFE_CHARACTERS = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * The uploader's file name, made safe to show and to pass on: last path segment only (a name like
 * "../../etc/passwd" or "C:\\Users\\me\\IMG_1.jpg" keeps just its base name), no control or direction-override
 * characters, NFC, at most UPLOAD.maxFilenameLength characters (the extension kept when the name is cut).
 * It is never used as a path on our disk.
 */
export function sanitizeFilename(raw: string | undefined, fallback: string): string {
  const base = (raw ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = base.normalize('NFC').replace(UNSAFE_CHARACTERS, '').trim();
  if (cleaned === '' || cleaned === '.' || cleaned === '..') return fallback;
  const characters = Array.from(cleaned); // by code point, so a cut never splits an emoji
  if (characters.length <= UPLOAD.maxFilenameLength) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return characters.slice(0, UPLOAD.maxFilenameLength - extension.length).join('') + extension;
}
