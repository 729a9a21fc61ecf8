import path from 'node:path';
import { DELIVERY } from '../limits';
import { extensionForType, savedName } from '../storage/download-name';

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/**
 * A name that is safe as one path segment on Linux, macOS and Windows: letters, digits, marks, space and
 * `._()-` only (so no separators, no `..`, no control characters), no leading dot (hidden files), no trailing
 * dot or space (Windows), not a reserved device name, at most `maxLength` characters. Empty when nothing is left.
 */
export function safeName(raw: string, maxLength: number = DELIVERY.folderNameMaxLength): string {
  const cleaned = raw
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}\p{M} ._()-]/gu, '_')
    .replace(/\s+/g, ' ')
    .replace(/_+/g, '_')
    .replace(/^[\s._]+|[\s._]+$/g, '');
  const clipped = Array.from(cleaned).slice(0, maxLength).join('').replace(/[\s.]+$/, '');
  const stem = clipped.split('.')[0] ?? '';
  return WINDOWS_RESERVED.test(stem) ? `_${clipped}` : clipped;
}

/**
 * `<index>-<saved name>`, made safe as a path segment: the name every other save offers (savedName, so a
 * photo named "x.png" that is really a JPEG is saved as "x.png.jpg" and the desktop opens it right).
 */
export function photoFileName(index: number, originalName: string, mimeType: string): string {
  // Only the last path segment counts: "../../x.jpg" is a photo named "x".
  const extension = extensionForType(mimeType);
  const base = originalName.split(/[\\/]/).pop() ?? '';
  const saved = base === '' ? '' : savedName(base, extension);
  const stem = safeName(saved.slice(0, saved.length - path.extname(saved).length)) || 'photo';
  return `${index}-${stem}.${extension}`;
}
