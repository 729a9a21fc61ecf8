import { StrictMode } from 'react';
import { renderToStaticMarkup, renderToString } from 'react-dom/server';
import { App } from './app/app';
import { type ColorScheme, pickColorScheme } from './app/color-scheme';
import { PAGE_DATA_ID, type PageData, parsePageData } from './app/page-data';
import type { RenderRequest } from './app/render-request';
import { BootStatus } from './boot/boot-status';
import { ALL_CATALOGS } from './i18n/all-catalogs';
import { type Language, textDirection } from './i18n/catalog-types';
import { pickLanguage } from './i18n/language';
import { createTranslator } from './i18n/translate';
import { createSessionCache } from './session';

/**
 * The page rendered on the server (built by vite.config.ts's `ssr` environment into dist/server/): the first screen
 * arrives in the HTML, and src/main.tsx hydrates it. The server (server/page/) reads the session, then calls this.
 */

export interface RenderedPage {
  /** What goes inside `#root`. */
  html: string;
  lang: Language;
  /** `<html dir>`: Arabic is laid out right to left from the first paint. */
  dir: 'ltr' | 'rtl';
  /** The `<title>` the page would set itself once the session is read. */
  title: string;
  colorScheme: ColorScheme | null;
  /** Markup for the end of the body, outside #root: the boot script's status line (src/boot/). */
  bodyEnd: string;
  /** The data block's id and content: src/main.tsx seeds its cache from it instead of reading the session again. */
  dataId: string;
  data: PageData;
}

/** Null when the session does not parse as the page expects it: the server then sends the static shell. */
export function renderPage({ pathname, search, acceptLanguages, session, serverTime }: RenderRequest): RenderedPage | null {
  const lang = pickLanguage(search, acceptLanguages);
  const data: PageData = { lang, serverTime: new Date(serverTime).toISOString(), session };
  // The exact parse the page applies to the data block (through JSON, as the page gets it), so both render the same value.
  const rendered = parsePageData(JSON.parse(JSON.stringify(data)), pathname, serverTime);
  if (rendered === null) return null;
  const catalog = ALL_CATALOGS[lang];
  const sessions = createSessionCache();
  sessions.seed(rendered.session);
  const html = renderToString(
    <StrictMode>
      <App pathname={pathname} lang={lang} catalog={catalog} sessions={sessions} renderTime={rendered.renderTime} />
    </StrictMode>,
  );
  const title = rendered.session.label ?? createTranslator(lang, catalog)('app.title');
  const bodyEnd = renderToStaticMarkup(<BootStatus forms={catalog['boot.received']} />);
  return { html, lang, dir: textDirection(lang), title, colorScheme: pickColorScheme(search), bodyEnd, dataId: PAGE_DATA_ID, data };
}
