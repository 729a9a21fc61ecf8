import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { Language } from '../../i18n/catalog-types';
import { createTranslator, type Translator } from '../../i18n/translate';
import type { DesktopCatalog, DesktopKey } from './desktop-catalog-types';
import { desktopEn } from './desktop-en';

export type DesktopText = Translator<DesktopKey>;

/** `dt(key, params)` for the desktop's own strings, by the shared catalogs' rules (src/i18n/translate.ts). */
export const createDesktopText = (lang: Language, catalog: DesktopCatalog): DesktopText => createTranslator(lang, catalog);

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
