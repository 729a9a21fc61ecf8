import { StrictMode, startTransition } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { App } from './app/app';
import { applyColorScheme, pickColorScheme } from './app/color-scheme';
import { documentArrivedAt, readPageData } from './app/page-data';
import { browserLanguages, pickLanguage } from './i18n/language';
import { textDirection } from './i18n/catalog-types';
import { loadCatalog } from './i18n/load-catalog';
import { rememberedLanguages } from './i18n/remembered-language';
import { createSessionCache, type PageSession, readPassword } from './session';
import './ui/theme.css';
import './ui/base.css';
import './ui/components.css';
import './boot/boot-status.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
applyColorScheme(document.documentElement, pickColorScheme(window.location.search));

const { pathname } = window.location;
const sessions = createSessionCache();
// The server rendered the session's screen into #root and put the read it used in the page: no second read.
const rendered = readPageData(document, pathname, documentArrivedAt());
if (rendered !== null) sessions.seed(rendered.session);

// Without server rendering, the static shell of index.html stays on screen while the language's messages arrive.
// The language chosen with the switcher (its cookie) comes before the phone's own.
const wanted = rendered?.lang ?? pickLanguage(window.location.search, [...rememberedLanguages(document.cookie), ...browserLanguages()]);
void loadCatalog(wanted).then(({ lang, catalog }) => {
  document.documentElement.lang = lang;
  document.documentElement.dir = textDirection(lang);
  const app = (
    <StrictMode>
      <App pathname={pathname} lang={lang} catalog={catalog} sessions={sessions} renderTime={rendered?.renderTime} />
    </StrictMode>
  );
  if (rendered === null || !firstRenderMatches(rendered.session, lang === rendered.lang)) {
    createRoot(root).render(app);
    return;
  }
  // A transition: hydration yields to the browser between components instead of one long task.
  startTransition(() => {
    hydrateRoot(root, app);
  });
});

/**
 * Hydration needs this first render to be the server's. It is not when the language's messages could not be
 * fetched (English instead), or when this tab already knows the password of an open session (the server asked for
 * it): then the page is rendered afresh over the server's markup.
 */
function firstRenderMatches(session: PageSession, sameLanguage: boolean): boolean {
  if (!sameLanguage) return false;
  const open = session.status === 'pending' || session.status === 'active';
  return !(open && session.password_protected && readPassword(session.id) !== undefined);
}
