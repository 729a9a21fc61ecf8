import { useI18n } from '../i18n/i18n-context';
import { isRequestFailure } from '../lib/request-failure';
import { Button } from '../ui/button';
import { Screen } from '../ui/screen';
import { useDesktopText } from './i18n/desktop-text';

type Problem = 'keyRejected' | 'otherKey' | 'notFound' | 'connection';

/** Which problem a failed integrator request is, for the desk: the status decides, as on the phone. */
function problemOf(error: unknown): Problem {
  const status = isRequestFailure(error) ? error.status : null;
  if (status === 401) return 'keyRejected';
  if (status === 403) return 'otherKey';
  if (status === 404) return 'notFound';
  return 'connection';
}

export function DesktopProblem({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useI18n();
  const dt = useDesktopText();
  const problem = problemOf(error);
  const text = {
    keyRejected: { title: dt('desktop.keyRejected.title'), body: dt('desktop.keyRejected.body') },
    otherKey: { title: t('error.forbidden'), body: dt('desktop.otherKey') },
    notFound: { title: t('error.sessionNotFound'), body: dt('desktop.notFound') },
    connection: { title: t('connection.title'), body: t('connection.body') },
  }[problem];
  return (
    <Screen title={text.title} icon="alert" tone="problem">
      <p>{text.body}</p>
      {problem === 'connection' && (
        <Button variant="secondary" onClick={onRetry}>
          {dt('desktop.retry')}
        </Button>
      )}
    </Screen>
  );
}
