import type { Message } from './catalog-types';

/** What the catalog tests (page and desktop) check every translation against English with. */

/** The `{name}` placeholders of a message, every plural form together, sorted. */
export const placeholders = (message: Message): string[] => {
  const texts = typeof message === 'string' ? [message] : Object.values(message);
  return [...new Set(texts.flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '')))].sort();
};

/** Counts the page can show: photos of a session (at most 200) and the like. */
const COUNTS = Array.from({ length: 1001 }, (_, n) => n);

/**
 * Plural categories a message lacks for its language (Polish needs one/few/many/other, Arabic zero…other,
 * Japanese only other), and the ones it has that the language never selects for a count up to 1,000 (French's
 * `many` is for millions, which `other` covers). `zero` is always allowed: it is the exact-zero form of every
 * language (catalog-types.ts).
 */
export function pluralProblems(message: Message, lang: string): { missing: string[]; unused: string[] } {
  if (typeof message === 'string') return { missing: [], unused: [] };
  const rules = new Intl.PluralRules(lang);
  const categories: readonly string[] = [...new Set(COUNTS.map((n) => rules.select(n)))];
  const forms = Object.keys(message);
  return {
    missing: categories.filter((category) => category !== 'zero' && !forms.includes(category)),
    // `other` is every message's fallback, even where integers never select it (Polish: fractions only).
    unused: forms.filter((form) => form !== 'zero' && form !== 'other' && !categories.includes(form)),
  };
}
