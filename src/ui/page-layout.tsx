import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { LanguageSwitcher } from '../i18n/language-switcher';

/** Header and main landmark, mirrored by the static shell in index.html so the first paint does not move. */
export function PageLayout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="page">
      <header className="page__header">
        <span className="brand">{t('app.name')}</span>
        <LanguageSwitcher />
      </header>
      <main className="page__main">{children}</main>
    </div>
  );
}
