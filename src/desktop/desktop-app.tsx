import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { I18nProvider, useI18n } from '../i18n/i18n-context';
import type { Catalog, Language } from '../i18n/catalog-types';
import { PageLayout } from '../ui/page-layout';
import { Screen } from '../ui/screen';
import { desktopRoute } from './desktop-route';
import { DesktopHome } from './home/desktop-home';
import { KeyMissing } from './home/key-missing';
import type { DesktopCatalog } from './i18n/desktop-catalog-types';
import { DesktopTextProvider, useDesktopText } from './i18n/desktop-text';
import { DesktopSession } from './session/desktop-session';

export interface DesktopAppProps {
  pathname: string;
  apiKey: string | null;
  lang: Language;
  catalog: Catalog;
  desktopCatalog: DesktopCatalog;
  queryClient: QueryClient;
  navigate: (path: string) => void;
}

/** The desktop view: `/` lists sessions, `/s/{uuid}` shows one; both need the API key from the link. */
export function DesktopApp({ pathname, apiKey, lang, catalog, desktopCatalog, queryClient, navigate }: DesktopAppProps) {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider lang={lang} catalog={catalog}>
        <DesktopTextProvider lang={lang} catalog={desktopCatalog}>
          <PageLayout>
            <DesktopContent pathname={pathname} apiKey={apiKey} navigate={navigate} />
          </PageLayout>
        </DesktopTextProvider>
      </I18nProvider>
    </QueryClientProvider>
  );
}

function DesktopContent({ pathname, apiKey, navigate }: Pick<DesktopAppProps, 'pathname' | 'apiKey' | 'navigate'>) {
  const { t } = useI18n();
  const dt = useDesktopText();
  const route = desktopRoute(pathname);
  if (route.kind === 'unknown') {
    return (
      <Screen title={t('error.sessionNotFound')} icon="alert" tone="problem">
        <p>{dt('desktop.notFound')}</p>
      </Screen>
    );
  }
  if (apiKey === null) return <KeyMissing />;
  return route.kind === 'home' ? (
    <DesktopHome apiKey={apiKey} navigate={navigate} />
  ) : (
    <DesktopSession key={route.sessionId} sessionId={route.sessionId} apiKey={apiKey} />
  );
}
