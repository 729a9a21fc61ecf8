import type { Catalog, Language } from './catalog-types';

export interface LoadedCatalog {
  lang: Language;
  catalog: Catalog;
}

/**
 * Every language, English too, is its own chunk fetched by those who need it: the first screen carries none of
 * them (the server-rendered HTML is already in the right language; src/entry-server.tsx bundles them all).
 */
const LOADERS: { readonly [L in Language]: () => Promise<Catalog> } = {
  en: async () => (await import('./en')).en,
  fr: async () => (await import('./fr')).fr,
  es: async () => (await import('./es')).es,
  de: async () => (await import('./de')).de,
  it: async () => (await import('./it')).it,
  pt: async () => (await import('./pt')).pt,
  nl: async () => (await import('./nl')).nl,
  pl: async () => (await import('./pl')).pl,
  tr: async () => (await import('./tr')).tr,
  ar: async () => (await import('./ar')).ar,
  zh: async () => (await import('./zh')).zh,
  ja: async () => (await import('./ja')).ja,
};

/**
 * The messages of `lang`. If that fetch fails (flaky network), the page is shown in English rather than not at
 * all, and says so through `lang`; only when English cannot be fetched either does this reject.
 */
export async function loadCatalog(lang: Language): Promise<LoadedCatalog> {
  try {
    return { lang, catalog: await LOADERS[lang]() };
  } catch (error) {
    if (lang === 'en') throw error;
    return { lang: 'en', catalog: await LOADERS.en() };
  }
}
