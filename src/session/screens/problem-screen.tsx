import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { Button } from '../../ui/button';
import { CopyDetailsButton } from '../../ui/copy-button';
import { Screen } from '../../ui/screen';
import { failureReport } from '../failure-report';
import type { SessionProblem } from '../session-problem';
import { PROBLEM_SCREENS } from './problem-screens';

export interface ProblemScreenProps {
  problem: SessionProblem;
  sessionId: string;
  /** For the "full" screen's body. */
  maxImages?: number;
  /** "Tap to retry", for problems a retry can fix (connection). */
  onRetry?: () => void;
  /** What did get through before the problem (the upload list), kept on screen. */
  children?: ReactNode;
}

/** Not found, expired, completed, full, forbidden, invalid link, connection: title, what to do, "Copy details". */
export function ProblemScreen({ problem, sessionId, maxImages, onRetry, children }: ProblemScreenProps) {
  const { t, tx } = useI18n();
  const content = PROBLEM_SCREENS[problem.kind];
  const title = t(content.title);
  return (
    <Screen title={title} icon={content.icon} tone="problem">
      <p className="screen__body">{tx(content.body, { max: maxImages ?? '' })}</p>
      {onRetry !== undefined && (
        <Button onClick={onRetry} className="screen__action">
          {t('action.retry')}
        </Button>
      )}
      {children}
      <CopyDetailsButton getText={() => failureReport(problem, sessionId, title, t, Date.now())} />
    </Screen>
  );
}
