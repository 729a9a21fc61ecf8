import type { en } from './en';
import type { Message, PluralForms } from './message';

export type { Message, PluralForms };

/** English is the reference: its keys are every string the page shows. */
export type MessageKey = keyof typeof en;

/** A translation must have every English key, with a plural where English has one: a missing key is a type error. */
export type Catalog = { readonly [K in MessageKey]: (typeof en)[K] extends string ? string : PluralForms };

export type MessageParams = Readonly<Record<string, string | number>>;

export const LANGUAGES = ['en', 'fr', 'es', 'de', 'it', 'pt', 'nl', 'pl', 'tr', 'ar', 'zh', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Languages written right to left: the page sets `dir="rtl"` on <html> and its CSS uses logical properties. */
const RIGHT_TO_LEFT: ReadonlySet<Language> = new Set<Language>(['ar']);

export const textDirection = (lang: Language): 'ltr' | 'rtl' => (RIGHT_TO_LEFT.has(lang) ? 'rtl' : 'ltr');
