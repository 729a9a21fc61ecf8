import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import type { Catalog, Language } from './catalog-types';
import { createTranslator, type Translate } from './translate';

export interface I18n {
  lang: Language;
  t: Translate;
}

const I18nContext = createContext<I18n | null>(null);

/** Provides `t` for one language and keeps `<html lang>` in step, so screen readers pronounce the page right. */
export function I18nProvider({ lang, catalog, children }: { lang: Language; catalog: Catalog; children: ReactNode }) {
  const value = useMemo<I18n>(() => ({ lang, t: createTranslator(lang, catalog) }), [lang, catalog]);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (value === null) throw new Error('useI18n needs an <I18nProvider> above it');
  return value;
}
