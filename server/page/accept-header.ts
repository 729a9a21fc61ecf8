/**
 * The entries of an Accept-* header with their weights (`fr-CA;q=0.9, en` → fr-CA 0.9, en 1), in the header's
 * order. Entries refused with q=0, or with a weight that is not a number, are left out.
 */
function acceptedEntries(header: string | undefined): { value: string; q: number }[] {
  const entries: { value: string; q: number }[] = [];
  for (const item of (header ?? '').split(',')) {
    const [value = '', ...params] = item.split(';').map((part) => part.trim());
    const qParam = params.find((param) => param.toLowerCase().startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (value !== '' && Number.isFinite(q) && q > 0) entries.push({ value, q });
  }
  return entries;
}

/**
 * Accept-Language's tags, most preferred first (`fr-CA;q=0.9, en;q=0.8` → `['fr-CA', 'en']`): what the page calls
 * `navigator.languages`. Tags refused with q=0 and the wildcard are left out; equal weights keep their order.
 */
export function acceptLanguages(header: string | undefined): string[] {
  const tags = acceptedEntries(header).filter((entry) => entry.value !== '*');
  // Array.prototype.sort is stable: ties stay in the header's order.
  return tags.sort((a, b) => b.q - a.q).map((entry) => entry.value);
}

/** Codings an Accept-Encoding header accepts ("br;q=0" refuses br). */
export function acceptedEncodings(header: string | undefined): Set<string> {
  return new Set(acceptedEntries(header).map((entry) => entry.value.toLowerCase()));
}

/** The page's language switcher keeps its choice in this cookie (src/i18n/remembered-language.ts). */
export const LANGUAGE_COOKIE = 'qrdrop-lang';

/** The cookie's language tag as a one-item list (to go before Accept-Language's), or none. */
export function languageCookie(header: string | undefined): string[] {
  for (const part of (header ?? '').split(';')) {
    const [name = '', value = ''] = part.trim().split('=', 2);
    if (name === LANGUAGE_COOKIE && /^[A-Za-z-]{2,12}$/.test(value)) return [value];
  }
  return [];
}
