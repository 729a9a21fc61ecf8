import type { Language } from './catalog-types';

/**
 * The language the person chose with the switcher, kept in a cookie so the server renders the next visit in it
 * (server/page/render-session-page.ts reads the same name) and in `?lang=` of this tab's address, which wins over
 * the cookie, so a reload keeps it too. A year: it is a preference, not a secret, and names nothing but a language.
 */
export const LANGUAGE_COOKIE = 'qrdrop-lang';
const ONE_YEAR_SECONDS = 365 * 24 * 3600;

/** The cookie's language tag, if any, to put before the browser's own languages (unknown values are ignored later). */
export function rememberedLanguages(cookieHeader: string | undefined): string[] {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name = '', value = ''] = part.trim().split('=', 2);
    if (name === LANGUAGE_COOKIE && /^[A-Za-z-]{2,12}$/.test(value)) return [value];
  }
  return [];
}

export function rememberLanguage(lang: Language): void {
  if (typeof document === 'undefined') return;
  document.cookie = `${LANGUAGE_COOKIE}=${lang}; Path=/; Max-Age=${ONE_YEAR_SECONDS}; SameSite=Lax`;
  const url = new URL(window.location.href);
  url.searchParams.set('lang', lang);
  window.history.replaceState(window.history.state, '', url);
}
