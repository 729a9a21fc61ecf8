import type { Language } from './catalog-types';

/**
 * Intl objects are costly to make (each loads the language's data: an earlier 4× CPU profile put the translator's
 * eager PluralRules and NumberFormat at 83–97 ms before the page was usable) and cheap to reuse, so each is made
 * the first time it is needed and then kept for the page's life: a dozen languages at most, a few kinds each.
 * `null` remembers that this browser cannot make one (unit formatting on old Safari), so the fallback is taken
 * without trying again.
 */
const made = new Map<string, Intl.PluralRules | Intl.NumberFormat | Intl.ListFormat | null>();

function memo<T extends Intl.PluralRules | Intl.NumberFormat | Intl.ListFormat>(key: string, make: () => T): T | null {
  if (made.has(key)) return made.get(key) as T | null;
  let value: T | null;
  try {
    value = make();
  } catch {
    value = null;
  }
  made.set(key, value);
  return value;
}

export const pluralRules = (lang: Language): Intl.PluralRules | null => memo(`plural ${lang}`, () => new Intl.PluralRules(lang));

/** Plain numbers, or with at most `maximumFractionDigits` decimals. */
export const numberFormat = (lang: Language, maximumFractionDigits?: number): Intl.NumberFormat | null =>
  memo(`number ${lang} ${maximumFractionDigits}`, () => new Intl.NumberFormat(lang, { maximumFractionDigits }));

/** "5 min", "20 Mo": null where the browser has no unit formatting. */
export const unitFormat = (lang: Language, unit: string, maximumFractionDigits: number): Intl.NumberFormat | null =>
  memo(`unit ${lang} ${unit} ${maximumFractionDigits}`, () => new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits }));

export const percentFormat = (lang: Language): Intl.NumberFormat | null =>
  memo(`percent ${lang}`, () => new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }));

/** "JPEG, PNG or WebP": null where the browser has no ListFormat. */
export const disjunctionFormat = (lang: Language): Intl.ListFormat | null =>
  memo(`or ${lang}`, () => new Intl.ListFormat(lang, { type: 'disjunction' }));
