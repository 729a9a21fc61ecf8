import type { Language, Message, MessageKey, MessageParams, PluralForms } from './catalog-types';

/** A translator over any catalog of messages: the page's, or the desktop view's own. */
export type Translator<K extends string> = (key: K, params?: MessageParams) => string;
export type Translate = Translator<MessageKey>;

/** `t(key, params)`: picks the plural form from `params.count`, fills `{name}` placeholders, formats numbers for the language. */
export function createTranslator<K extends string = MessageKey>(
  lang: Language,
  catalog: { readonly [P in K]: Message },
): Translator<K> {
  const pluralRules = new Intl.PluralRules(lang);
  const numbers = new Intl.NumberFormat(lang);
  return (key, params = {}) => {
    const message: Message = catalog[key];
    const template = typeof message === 'string' ? message : pluralForm(message, params.count, pluralRules);
    return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
      const value = params[name];
      if (value === undefined) return placeholder;
      return typeof value === 'number' ? numbers.format(value) : value;
    });
  };
}

function pluralForm(forms: PluralForms, count: string | number | undefined, rules: Intl.PluralRules): string {
  const n = typeof count === 'number' ? count : Number(count);
  if (Number.isNaN(n)) return forms.other;
  if (n === 0 && forms.zero !== undefined) return forms.zero;
  return forms[rules.select(n)] ?? forms.other;
}
