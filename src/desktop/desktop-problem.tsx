import { useI18n } from '../i18n/i18n-context';
import type { FailureMessageKey } from '../lib/http-failure';
import { isRequestFailure } from '../lib/request-failure';
import { Button } from '../ui/button';
import { Screen } from '../ui/screen';
import { useDesktopText } from './i18n/desktop-text';

type Problem = 'keyRejected' | 'otherKey' | 'notFound' | 'connection';

/** A session-scoped refusal the desk explains itself; any other failure reads as a connection problem. */
const PROBLEM_OF_MESSAGE: Partial<Record<FailureMessageKey, Problem>> = {
  'error.forbidden': 'otherKey',
  'error.sessionNotFound': 'notFound',
};

/**
 * Which problem a failed integrator request is, for the desk: the closed status table decides (its rule,
 * src/lib/http-failure.ts), as on the phone. Its "password" scope is the API key here (401).
 */
function problemOf(error: unknown): Problem {
  if (!isRequestFailure(error)) return 'connection';
  const { scope, key } = error.rule;
  if (scope === 'password') return 'keyRejected';
  return PROBLEM_OF_MESSAGE[key] ?? 'connection';
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
