import type { Catalog, Language } from './catalog-types';
import { en } from './en';

export interface LoadedCatalog {
  lang: Language;
  catalog: Catalog;
}

/**
 * English ships in the first bundle; French and Spanish are fetched only by those who need them, so
 * nobody downloads three languages. If that fetch fails (flaky network), the page is shown in
 * English rather than not at all, and says so through `lang`.
 */
export async function loadCatalog(lang: Language): Promise<LoadedCatalog> {
  try {
    if (lang === 'fr') return { lang, catalog: (await import('./fr')).fr };
    if (lang === 'es') return { lang, catalog: (await import('./es')).es };
  } catch {
    // Fall through to English.
  }
  return { lang: 'en', catalog: en };
}
