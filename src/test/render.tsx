import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import type { Language } from '../i18n/catalog-types';
import { I18nProvider } from '../i18n/i18n-context';
import { TEST_CATALOGS } from './catalogs';
import { testQueryClient } from './session-fixtures';

/** Renders with a fresh QueryClient and the given language, as the app does. */
export function renderWithProviders(ui: ReactElement, lang: Language = 'en') {
  const queryClient = testQueryClient();
  return {
    queryClient,
    ...render(
      <QueryClientProvider client={queryClient}>
        <I18nProvider lang={lang} catalog={TEST_CATALOGS[lang]}>
          {ui}
        </I18nProvider>
      </QueryClientProvider>,
    ),
  };
}
