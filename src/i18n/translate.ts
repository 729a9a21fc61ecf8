import type { Language, Message, MessageKey, MessageParams, PluralForms } from './catalog-types';
import { numberFormat, pluralRules } from './intl-cache';

/** A translator over any catalog of messages: the page's, or the desktop view's own. */
export type Translator<K extends string> = (key: K, params?: MessageParams) => string;
export type Translate = Translator<MessageKey>;

/** `t(key, params)`: picks the plural form from `params.count`, fills `{name}` placeholders, formats numbers for the language. */
export function createTranslator<K extends string = MessageKey>(
  lang: Language,
  catalog: { readonly [P in K]: Message },
): Translator<K> {
  // No Intl object is made here: a plural or a number makes its own on first use (intl-cache.ts), most messages need neither.
  return (key, params = {}) => {
    const message: Message = catalog[key];
    const template = typeof message === 'string' ? message : pluralForm(message, params.count, lang);
    return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
      const value = params[name];
      if (value === undefined) return placeholder;
      return typeof value === 'number' ? (numberFormat(lang)?.format(value) ?? String(value)) : value;
    });
  };
}

function pluralForm(forms: PluralForms, count: string | number | undefined, lang: Language): string {
  const n = typeof count === 'number' ? count : Number(count);
  if (Number.isNaN(n)) return forms.other;
  if (n === 0 && forms.zero !== undefined) return forms.zero;
  const rules = pluralRules(lang);
  return (rules === null ? undefined : forms[rules.select(n)]) ?? forms.other;
}
