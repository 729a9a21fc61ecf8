import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { type Catalog, type Language, type MessageKey, type MessageParams, textDirection } from './catalog-types';
import { loadCatalog } from './load-catalog';
import { rememberLanguage } from './remembered-language';
import { renderParts } from './rich-message';
import { createPartsTranslator, type Translate } from './translate';

export interface I18n {
  lang: Language;
  /** One string, outside values isolated by U+2068…U+2069: for aria-label, title and other attributes. */
  t: Translate;
  /** The same message for visible text: outside values (file names, sizes, times) each in a <bdi>. */
  tx: (key: MessageKey, params?: MessageParams) => ReactNode;
  /** The switcher's choice: fetches that language's messages, then shows the page in it and remembers it. */
  changeLanguage: (lang: Language) => Promise<void>;
}

const I18nContext = createContext<I18n | null>(null);

/**
 * Provides `t` for one language (the one it was given, until the person picks another) and keeps `<html lang dir>`
 * in step, so screen readers pronounce the page right and Arabic lays it out right to left.
 */
export function I18nProvider({ lang: initialLang, catalog: initialCatalog, children }: { lang: Language; catalog: Catalog; children: ReactNode }) {
  const [current, setCurrent] = useState({ lang: initialLang, catalog: initialCatalog });
  const latestRequest = useRef<Language | null>(null);
  const changeLanguage = useCallback(async (next: Language) => {
    latestRequest.current = next;
    const loaded = await loadCatalog(next);
    // A quicker second choice wins over a slower first one.
    if (latestRequest.current !== next) return;
    rememberLanguage(loaded.lang);
    setCurrent(loaded);
  }, []);
  const { lang, catalog } = current;
  const value = useMemo<I18n>(() => {
    const parts = createPartsTranslator(lang, catalog);
    return { lang, t: (key, params) => parts(key, params).join(''), tx: (key, params) => renderParts(parts(key, params)), changeLanguage };
  }, [lang, catalog, changeLanguage]);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.dir = textDirection(lang);
  }, [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (value === null) throw new Error('useI18n needs an <I18nProvider> above it');
  return value;
}
