import { useI18n } from '../../i18n/i18n-context';
import { Spinner } from '../../ui/spinner';
import { StatusRegion } from '../../ui/status-region';

/**
 * Same layout as the static shell in index.html (spinner, hidden heading), so nothing moves when
 * React replaces it. After a failed attempt it says that it is retrying.
 */
export function LoadingScreen({ retrying }: { retrying: boolean }) {
  const { t } = useI18n();
  return (
    <section className="screen screen--loading" aria-busy="true">
      <Spinner />
      <h1 className="visually-hidden">
        {t('loading.title')}
      </h1>
      <StatusRegion className="screen__status">{retrying ? t('error.connection') : ''}</StatusRegion>
    </section>
  );
}
