import { LANGUAGES, type Language } from './catalog-types';

const isLanguage = (value: string): value is Language => LANGUAGES.some((lang) => lang === value);

/** Chinese written in Traditional characters: our `zh` is Simplified, so these look further down the list. */
const TRADITIONAL_CHINESE = /^zh[-_](hant|tw|hk|mo)\b/;

/** `fr-CA` → `fr`; anything we do not speak → null. */
function supported(tag: string): Language | null {
  const lower = tag.trim().toLowerCase();
  if (TRADITIONAL_CHINESE.test(lower)) return null;
  const primary = lower.split(/[-_]/)[0] ?? '';
  return isLanguage(primary) ? primary : null;
}

/** API.md: `?lang=` (any language of LANGUAGES) wins, then the browser's languages in order, then English. */
export function pickLanguage(search: string, browserLanguages: readonly string[]): Language {
  const requested = new URLSearchParams(search).get('lang');
  const fromQuery = requested === null ? null : supported(requested);
  if (fromQuery !== null) return fromQuery;
  for (const tag of browserLanguages) {
    const lang = supported(tag);
    if (lang !== null) return lang;
  }
  return 'en';
}

export function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages.length > 0 ? navigator.languages : [navigator.language];
}
