import type { Language } from './catalog-types';

/**
 * Each language in its own words, the same in every catalog: someone who cannot read the page's current
 * language still finds theirs in the switcher (which is why these are not translated).
 */
export const LANGUAGE_NAMES: { readonly [L in Language]: string } = {
  en: 'English',
  fr: 'Français',
  es: 'Español',
  de: 'Deutsch',
  it: 'Italiano',
  pt: 'Português',
  nl: 'Nederlands',
  pl: 'Polski',
  tr: 'Türkçe',
  ar: 'العربية',
  zh: '简体中文',
  ja: '日本語',
};
