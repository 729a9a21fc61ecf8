import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { applyColorScheme, pickColorScheme } from './app/color-scheme';
import { createQueryClient } from './app/query-client';
import { browserLanguages, pickLanguage } from './i18n/language';
import { loadCatalog } from './i18n/load-catalog';
import './ui/theme.css';
import './ui/base.css';
import './ui/components.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
applyColorScheme(document.documentElement, pickColorScheme(window.location.search));

// The static shell of index.html stays on screen while the language's messages arrive.
void loadCatalog(pickLanguage(window.location.search, browserLanguages())).then(({ lang, catalog }) => {
  document.documentElement.lang = lang;
  createRoot(root).render(
    <StrictMode>
      <App pathname={window.location.pathname} lang={lang} catalog={catalog} queryClient={createQueryClient()} />
    </StrictMode>,
  );
});
