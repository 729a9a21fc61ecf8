import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { Language, Message, MessageParams, PluralForms } from '../../i18n/catalog-types';
import type { DesktopCatalog, DesktopKey } from './desktop-catalog-types';
import { desktopEn } from './desktop-en';

export type DesktopText = (key: DesktopKey, params?: MessageParams) => string;

/**
 * `dt(key, params)` for the desktop's own strings, by the shared catalogs' rules (src/i18n/translate.ts):
 * plural form from `params.count` (`zero` for exactly 0), `{name}` placeholders, numbers in the language's format.
 */
export function createDesktopText(lang: Language, catalog: DesktopCatalog): DesktopText {
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

/** English is bundled; French and Spanish are fetched by those who need them (English if that fails). */
export async function loadDesktopCatalog(lang: Language): Promise<DesktopCatalog> {
  try {
    if (lang === 'fr') return (await import('./desktop-fr')).desktopFr;
    if (lang === 'es') return (await import('./desktop-es')).desktopEs;
  } catch {
    // Fall through to English.
  }
  return desktopEn;
}

const DesktopTextContext = createContext<DesktopText | null>(null);

export function DesktopTextProvider({ lang, catalog, children }: { lang: Language; catalog: DesktopCatalog; children: ReactNode }) {
  const value = useMemo(() => createDesktopText(lang, catalog), [lang, catalog]);
  return <DesktopTextContext.Provider value={value}>{children}</DesktopTextContext.Provider>;
}

export function useDesktopText(): DesktopText {
  const value = useContext(DesktopTextContext);
  if (value === null) throw new Error('useDesktopText needs a <DesktopTextProvider> above it');
  return value;
}
