import type { Catalog, Language } from './catalog-types';

export interface LoadedCatalog {
  lang: Language;
  catalog: Catalog;
}

/**
 * Every language, English too, is its own chunk fetched by those who need it: the first screen carries none of
 * them (the server-rendered HTML is already in the right language; src/entry-server.tsx bundles them all).
 */
const LOADERS: { readonly [L in Language]: () => Promise<{ readonly [K in L]: Catalog }> } = {
  en: () => import('./en'),
  fr: () => import('./fr'),
  es: () => import('./es'),
  de: () => import('./de'),
  it: () => import('./it'),
  pt: () => import('./pt'),
  nl: () => import('./nl'),
  pl: () => import('./pl'),
  tr: () => import('./tr'),
  ar: () => import('./ar'),
  zh: () => import('./zh'),
  ja: () => import('./ja'),
};

/** A catalog's module holds it under the language's name (the whole module, so the bundle needs no wrapper per language). */
const catalogOf = async <L extends Language>(lang: L): Promise<Catalog> => ((await LOADERS[lang]()) as { readonly [K in L]: Catalog })[lang];

/**
 * The messages of `lang`. If that fetch fails (flaky network), the page is shown in English rather than not at
 * all, and says so through `lang`; only when English cannot be fetched either does this reject.
 */
export async function loadCatalog(lang: Language): Promise<LoadedCatalog> {
  try {
    return { lang, catalog: await catalogOf(lang) };
  } catch (error) {
    if (lang === 'en') throw error;
    return { lang: 'en', catalog: await catalogOf('en') };
  }
}
