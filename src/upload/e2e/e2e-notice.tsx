import { useI18n } from '../../i18n/i18n-context';
import { e2eCapability, type E2eSettings } from './e2e-prepare';

/** Tells the person that the session is end-to-end encrypted, or that this connection cannot encrypt (issue 15). */
export function E2eNotice({ settings }: { settings: E2eSettings }) {
  const { t } = useI18n();
  const capability = e2eCapability(settings);
  const key = capability === 'encrypt' ? 'e2e.enabled' : capability === 'downgrade' ? 'e2e.downgraded' : 'file.e2eUnavailable';
  return (
    <p className="e2e-notice" role={capability === 'encrypt' ? 'status' : 'alert'} data-e2e={capability}>
      {t(key)}
    </p>
  );
}
