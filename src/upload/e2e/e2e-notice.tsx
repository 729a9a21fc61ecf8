import { useI18n } from '../../i18n/i18n-context';

/**
 * The page's first bundle must not import the upload engine's modules (they are a lazy chunk): the same test as
 * e2eCapability (e2e-prepare.ts), repeated here.
 */
function capabilityHere(allowDowngrade: boolean): 'encrypt' | 'downgrade' | 'refuse' {
  if (globalThis.isSecureContext !== false && globalThis.crypto?.subtle !== undefined) return 'encrypt';
  return allowDowngrade ? 'downgrade' : 'refuse';
}

/** Tells the person that the session is end-to-end encrypted, or that this connection cannot encrypt (issue 15). */
export function E2eNotice({ session }: { session: { e2eAllowDowngrade?: boolean } }) {
  const { t } = useI18n();
  const capability = capabilityHere(session.e2eAllowDowngrade === true);
  const key = capability === 'encrypt' ? 'e2e.enabled' : capability === 'downgrade' ? 'e2e.downgraded' : 'file.e2eUnavailable';
  return (
    <p className="e2e-notice" role={capability === 'encrypt' ? 'status' : 'alert'} data-e2e={capability}>
      {t(key)}
    </p>
  );
}
