import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createQueryClient } from '../lib/query-client';
import { browserLanguages, pickLanguage } from '../i18n/language';
import { textDirection } from '../i18n/catalog-types';
import { loadCatalog } from '../i18n/load-catalog';
import { rememberedLanguages } from '../i18n/remembered-language';
import { keyFromHash, tabStorage, takeApiKey } from './api-key';
import { DesktopApp } from './desktop-app';
import { loadDesktopCatalog } from './i18n/desktop-text';
import '../ui/theme.css';
import '../ui/base.css';
import '../ui/components.css';
import './desktop.css';

async function start(): Promise<void> {
  const root = document.getElementById('root');
  if (root === null) throw new Error('desktop.html has no #root');
  const apiKey = takeApiKey({ location: window.location, history: window.history, storage: tabStorage() });
  const wanted = pickLanguage(window.location.search, [...rememberedLanguages(document.cookie), ...browserLanguages()]);
  const { lang, catalog } = await loadCatalog(wanted);
  const desktopCatalog = await loadDesktopCatalog(lang);
  document.documentElement.lang = lang;
  document.documentElement.dir = textDirection(lang);
  createRoot(root).render(
    <StrictMode>
      <DesktopApp
        pathname={window.location.pathname}
        apiKey={apiKey}
        lang={lang}
        catalog={catalog}
        desktopCatalog={desktopCatalog}
        queryClient={createQueryClient()}
        navigate={(path) => window.location.assign(path)}
      />
    </StrictMode>,
  );
}

// A link with a key pasted into a tab already on this page changes only the fragment: start again with it.
window.addEventListener('hashchange', () => {
  if (keyFromHash(window.location.hash) !== null) window.location.reload();
});

void start();
