/**
 * session/: the phone's page for one upload session. This file reads the session; session-view.tsx picks the
 * screen (session-screen.ts) and screens/ draws it; use-session-queue.ts owns the upload queue (fetched with the
 * after-pick chunk, after-pick.ts) and composes upload/ and embed/; api/ holds the session's requests.
 */
import { useI18n } from '../i18n/i18n-context';
import { isRequestFailure, RequestFailure } from '../lib/request-failure';
import { useDocumentTitle } from '../ui/use-document-title';
import { useSession } from './api/get-session';
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
  const query = useSession(sessionId);
  // API.md: the session's label is the page title.
  useDocumentTitle(query.data?.label ?? t('app.title'));
  if (query.isSuccess) return <SessionView key={query.data.id} session={query.data} />;
  if (query.isError && !query.isFetching) {
    // getSession only throws RequestFailures; anything else would be a bug, shown as a connection problem.
    const failure = isRequestFailure(query.error) ? query.error : new RequestFailure({ status: null });
    return (
      <ProblemScreen
        problem={problemFromRequest(failure, query.errorUpdatedAt)}
        sessionId={sessionId}
        onRetry={failure.rule.retryable ? () => void query.refetch() : undefined}
      />
    );
  }
  return <LoadingScreen retrying={query.failureCount > 0} />;
}
