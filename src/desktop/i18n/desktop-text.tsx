import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Language } from '../../i18n/catalog-types';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageParams } from '../../i18n/catalog-types';
import { renderParts } from '../../i18n/rich-message';
import { createPartsTranslator, createTranslator, joinParts, type Translator } from '../../i18n/translate';
import type { DesktopCatalog, DesktopKey } from './desktop-catalog-types';

export type DesktopText = Translator<DesktopKey>;
/** The same messages for visible text: outside values (file names, dates, times) each in a <bdi> (rich-message.tsx). */
export type DesktopRichText = (key: DesktopKey, params?: MessageParams) => ReactNode;

/** `dt(key, params)` for the desktop's own strings, by the shared catalogs' rules (src/i18n/translate.ts). */
export const createDesktopText = (lang: Language, catalog: DesktopCatalog): DesktopText => createTranslator(lang, catalog);

/** Each language its own chunk, English too (so the page's first bundle carries none). */
const LOADERS: { readonly [L in Language]: () => Promise<DesktopCatalog> } = {
  en: async () => (await import('./desktop-en')).desktopEn,
  fr: async () => (await import('./desktop-fr')).desktopFr,
  es: async () => (await import('./desktop-es')).desktopEs,
  de: async () => (await import('./desktop-de')).desktopDe,
  it: async () => (await import('./desktop-it')).desktopIt,
  pt: async () => (await import('./desktop-pt')).desktopPt,
  nl: async () => (await import('./desktop-nl')).desktopNl,
  pl: async () => (await import('./desktop-pl')).desktopPl,
  tr: async () => (await import('./desktop-tr')).desktopTr,
  ar: async () => (await import('./desktop-ar')).desktopAr,
  zh: async () => (await import('./desktop-zh')).desktopZh,
  ja: async () => (await import('./desktop-ja')).desktopJa,
};

/** The desktop messages of `lang`, English if that fetch fails (rejects only when English cannot be fetched either). */
export async function loadDesktopCatalog(lang: Language): Promise<DesktopCatalog> {
  try {
    return await LOADERS[lang]();
  } catch (error) {
    if (lang === 'en') throw error;
    return LOADERS.en();
  }
}

const DesktopTextContext = createContext<{ dt: DesktopText; dtx: DesktopRichText } | null>(null);

/** Given the first language's messages; follows the language switcher (useI18n's `lang`) by fetching the next. */
export function DesktopTextProvider({ lang: initialLang, catalog: initialCatalog, children }: { lang: Language; catalog: DesktopCatalog; children: ReactNode }) {
  const { lang } = useI18n();
  const [current, setCurrent] = useState({ lang: initialLang, catalog: initialCatalog });
  useEffect(() => {
    if (current.lang === lang) return;
    let live = true;
    void loadDesktopCatalog(lang).then((catalog) => {
      if (live) setCurrent({ lang, catalog });
    });
    return () => {
      live = false;
    };
  }, [lang, current.lang]);
  const value = useMemo(() => {
    const parts = createPartsTranslator(current.lang, current.catalog);
    return { dt: (key: DesktopKey, params?: MessageParams) => joinParts(parts(key, params)), dtx: (key: DesktopKey, params?: MessageParams) => renderParts(parts(key, params)) };
  }, [current]);
  return <DesktopTextContext.Provider value={value}>{children}</DesktopTextContext.Provider>;
}

export function useDesktopText(): DesktopText {
  const value = useContext(DesktopTextContext);
  if (value === null) throw new Error('useDesktopText needs a <DesktopTextProvider> above it');
  return value.dt;
}

export function useDesktopRichText(): DesktopRichText {
  const value = useContext(DesktopTextContext);
  if (value === null) throw new Error('useDesktopRichText needs a <DesktopTextProvider> above it');
  return value.dtx;
}
