/**
 * app/: the phone page's shell, composing the features (through their index.ts) and imported by none of them.
 * src/main.tsx starts it in the browser and src/entry-server.tsx on the server; this file gives language, data
 * cache and layout and routes the path to session/; page-data.ts is the session read the server put in the page,
 * color-scheme.ts the `?colorScheme=` choice, render-request.ts the contract with server/page/.
 */
import type { Catalog, Language } from '../i18n/catalog-types';
import { I18nProvider, useI18n } from '../i18n/i18n-context';
import { RenderTimeContext } from '../lib/render-time';
import { sessionIdFromPath } from '../lib/session-id';
import { ProblemScreen, type SessionCache, SessionCacheContext, SessionPage } from '../session';
import { PageLayout } from '../ui/page-layout';
import { useDocumentTitle } from '../ui/use-document-title';

export interface AppProps {
  /** `location.pathname`: `/u/{sessionId}`. */
  pathname: string;
  lang: Language;
  /** The messages of `lang` (src/i18n/load-catalog.ts). */
  catalog: Catalog;
  /** The session read, seeded with the server-rendered one when there is one (session/api/session-cache.ts). */
  sessions: SessionCache;
  /** Hydrating a server-rendered page: when the server rendered it, on this device's clock (src/app/page-data.ts). */
  renderTime?: number | null;
}

/** The page: language, data cache, layout, and the session named by the path (or "Invalid link", without any request). */
export function App({ pathname, lang, catalog, sessions, renderTime = null }: AppProps) {
  return (
    <SessionCacheContext.Provider value={sessions}>
      <I18nProvider lang={lang} catalog={catalog}>
        <RenderTimeContext.Provider value={renderTime}>
          <PageLayout>
            <Route pathname={pathname} />
          </PageLayout>
        </RenderTimeContext.Provider>
      </I18nProvider>
    </SessionCacheContext.Provider>
  );
}

function Route({ pathname }: { pathname: string }) {
  const { t } = useI18n();
  const sessionId = sessionIdFromPath(pathname);
  // A session's page names itself once it is read (session-page.tsx).
  useDocumentTitle(sessionId === null ? t('app.title') : null);
  if (sessionId === null) {
    // The malformed id is what support needs to see, but it is shown only on the person's own screen.
    const raw = pathname.replace(/^\/u\/?/, '');
    return <ProblemScreen problem={{ kind: 'invalid', status: null }} sessionId={raw} />;
  }
  return <SessionPage sessionId={sessionId} />;
}
