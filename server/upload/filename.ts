import { UPLOAD } from '../limits';

/**
 * C0/C1 controls, every format character (zero-width spaces and joiners, BOM, soft hyphen, Arabic letter mark…)
 * and every bidirectional control (the overrides that make "gpj.exe" display as "exe.jpg"): none of them is
 * visible, so each can only make two names look alike or one name look like another.
 */
const UNSAFE_CHARACTERS = /[\p{Cc}\p{Cf}\p{Bidi_Control}]/gu;

/**
 * The uploader's file name, made safe to show and to pass on: last path segment only (a name like
 * "../../etc/passwd" or "C:\\Users\\me\\IMG_1.jpg" keeps just its base name), no control, format or bidi
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
