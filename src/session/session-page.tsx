import { useI18n } from '../i18n/i18n-context';
import { isRequestFailure, RequestFailure } from '../lib/request-failure';
import { useDocumentTitle } from '../ui/use-document-title';
import { useSession } from './api/use-session';
import { LoadingScreen } from './screens/loading-screen';
import { ProblemScreen } from './screens/problem-screen';
import { problemFromRequest } from './session-problem';
import { SessionView } from './session-view';

/**
 * Reads the session, then hands over to SessionView. While reading: the loading screen, saying
 * "Connection problem, retrying…" after a failed attempt. When the read fails for good: the screen
 * for its status (404 "Session not found"...), with "Tap to retry" when trying again can help.
 */
export function SessionPage({ sessionId }: { sessionId: string }) {
  const { t } = useI18n();
  const read = useSession(sessionId);
  // API.md: the session's label is the page title.
  useDocumentTitle(read.data?.label ?? t('app.title'));
  if (read.data !== undefined) return <SessionView key={read.data.id} session={read.data} />;
  if (read.error !== undefined && !read.fetching) {
    // getSession only throws RequestFailures; anything else would be a bug, shown as a connection problem.
    const failure = isRequestFailure(read.error) ? read.error : new RequestFailure({ status: null });
    return (
      <ProblemScreen
        problem={problemFromRequest(failure, read.errorUpdatedAt)}
        sessionId={sessionId}
        onRetry={failure.rule.retryable ? read.retry : undefined}
      />
    );
  }
  return <LoadingScreen retrying={read.failureCount > 0} />;
}
