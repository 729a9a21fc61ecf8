import type { Language, Message, MessageKey, MessageParams, PluralForms } from './catalog-types';
import { numberFormat, pluralRules } from './intl-cache';
import { isolate } from './isolate';

/** A translator over any catalog of messages: the page's, or the desktop view's own. */
export type Translator<K extends string> = (key: K, params?: MessageParams) => string;
export type Translate = Translator<MessageKey>;

/**
 * A message cut at its placeholders: the catalog's own words, and each value that came from outside apart, already
 * between U+2068 and U+2069 (isolate.ts; no catalog text starts with U+2068, catalog.test.ts), so the parts joined
 * are the attribute string and rich-message.tsx turns each isolated part into a <bdi>.
 */
export type MessagePart = string;
export type PartsTranslator<K extends string> = (key: K, params?: MessageParams) => readonly MessagePart[];

/**
 * `key, params` → the message's parts: picks the plural form from `params.count`, puts each `{name}` placeholder's
 * value apart, formats numbers for the language. A string value (a file name, a session label, a size or a time
 * with its unit) is someone else's text: it is isolated. A number is formatted here, in the sentence's own
 * language, and stays part of the sentence.
 */
export function createPartsTranslator<K extends string = MessageKey>(
  lang: Language,
  catalog: { readonly [P in K]: Message },
): PartsTranslator<K> {
  // No Intl object is made here: a plural or a number makes its own on first use (intl-cache.ts), most messages need neither.
  return (key, params = {}) => {
    const message: Message = catalog[key];
    const template = typeof message === 'string' ? message : pluralForm(message, params.count, lang);
    // split() with a group: the catalog's words at even places, placeholder names at odd ones.
    return template.split(/\{(\w+)\}/).map((piece, index): MessagePart => {
      if (index % 2 === 0) return piece;
      const value = params[piece];
      if (value === undefined) return `{${piece}}`;
      return typeof value === 'number' ? (numberFormat(lang)?.format(value) ?? String(value)) : isolate(value);
    });
  };
}

/** `t(key, params)` as one string, each outside value between U+2068 and U+2069 (isolate.ts): for attributes and titles. */
export function createTranslator<K extends string = MessageKey>(
  lang: Language,
  catalog: { readonly [P in K]: Message },
): Translator<K> {
  const parts = createPartsTranslator(lang, catalog);
  return (key, params) => joinParts(parts(key, params));
}

export const joinParts = (parts: readonly MessagePart[]): string => parts.join('');

function pluralForm(forms: PluralForms, count: string | number | undefined, lang: Language): string {
  const n = typeof count === 'number' ? count : Number(count);
  if (Number.isNaN(n)) return forms.other;
  if (n === 0 && forms.zero !== undefined) return forms.zero;
  const rules = pluralRules(lang);
  return (rules === null ? undefined : forms[rules.select(n)]) ?? forms.other;
}
