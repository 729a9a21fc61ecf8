import type { Language } from './catalog-types';
import { disjunctionFormat, numberFormat, percentFormat, unitFormat } from './intl-cache';

const MIB = 1024 * 1024;

/** Number with a unit in the language's words ("5 min", "20 Mo"). Unit formatting is missing on old Safari: plain fallback. Formatters are kept (intl-cache.ts): the countdown asks every second. */
function unit(lang: Language, value: number, unitName: string, fallback: string, maximumFractionDigits = 0): string {
  const withUnit = unitFormat(lang, unitName, maximumFractionDigits);
  if (withUnit !== null) return withUnit.format(value);
  return `${numberFormat(lang, maximumFractionDigits)?.format(value) ?? String(value)} ${fallback}`;
}

/** Time left, coarse enough to read at a glance: "1 hr 5 min", "12 min", "45 sec". */
export function formatDuration(ms: number, lang: Language): string {
  const totalSeconds = Math.max(0, Math.ceil(ms / 1000));
  if (totalSeconds < 60) return unit(lang, totalSeconds, 'second', 's');
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (totalMinutes < 60) return unit(lang, totalMinutes, 'minute', 'min');
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  const h = unit(lang, hours, 'hour', 'h');
  return minutes === 0 ? h : `${h} ${unit(lang, minutes, 'minute', 'min')}`;
}

/** File sizes in binary megabytes, as the server counts them (max_image_size_mb × 1024²). */
export function formatBytes(bytes: number, lang: Language): string {
  if (bytes >= MIB) return unit(lang, bytes / MIB, 'megabyte', 'MB', 1);
  return unit(lang, Math.max(1, Math.round(bytes / 1024)), 'kilobyte', 'kB');
}

export function formatPercent(fraction: number, lang: Language): string {
  const clamped = Math.min(1, Math.max(0, fraction));
  return percentFormat(lang)?.format(clamped) ?? `${Math.round(clamped * 100)}%`;
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/webp': 'WebP',
  'image/heic': 'HEIC',
  'image/heif': 'HEIF',
};

export const typeName = (mime: string): string => TYPE_NAMES[mime] ?? (mime.split('/')[1] ?? mime).toUpperCase();

/** "JPEG, PNG or WebP" in the page's language. */
export function formatTypeList(mimeTypes: readonly string[], lang: Language): string {
  const names = mimeTypes.map(typeName);
  return disjunctionFormat(lang)?.format(names) ?? names.join(', ');
}
