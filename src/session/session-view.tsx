import { useState } from 'react';
import { useCameraOpener } from '../camera';
import { useI18n } from '../i18n/i18n-context';
import { useDeadlinePassed } from '../lib/use-deadline';
import { useLazy } from '../lib/use-lazy';
import type { PageQueueEngine } from '../upload';
import type { PageSession } from './api/get-session';
import { LoadingScreen } from './screens/loading-screen';
import { ProblemScreen } from './screens/problem-screen';
import { ReadyScreen } from './screens/ready-screen';
import type { SessionProblem } from './session-problem';
import { passwordRefused, remainingSlots, sessionScreen } from './session-screen';
import { loadAfterPick } from './load-after-pick';
import { useSessionQueue } from './use-session-queue';

export interface SessionViewProps {
  session: PageSession;
  /** Tests only: the upload engine's network, clock and compression, scripted. */
  engine?: PageQueueEngine;
}

/** Fetched only for password-protected sessions. */
const loadPasswordScreen = () => import('./screens/password-screen');


/**
 * A loaded session: picks the screen (session-screen.ts) from the session, the upload queue, the
 * password and the clock. The upload engine (queue, transport, list) is fetched with the first pick
 * and then lives here, outliving screen changes (render this keyed by session id).
 */
export function SessionView({ session, engine }: SessionViewProps) {
  const { t } = useI18n();
  const uploads = useSessionQueue(session, engine);
  const [passwordProblem, setPasswordProblem] = useState<SessionProblem | null>(null);
  const [addMoreAt, setAddMoreAt] = useState(0);
  const expired = useDeadlinePassed(session.expiresAtOnDevice);
  const { snapshot, engine: host, password } = uploads;
  const camera = useCameraOpener();

  const passwordRejected = passwordRefused(snapshot);
  const passwordScreen = useLazy(loadPasswordScreen, session.password_protected || passwordRejected);
  const e2eNotice = useLazy(loadAfterPick, session.e2ePublicKey != null);

  const list =
    host.status === 'ready' ? <host.chunk.QueueList items={snapshot.items} queue={host.queue} /> : null;

  const screen = passwordProblem
    ? { kind: 'problem' as const, problem: passwordProblem }
    : // While the camera is open, its shots being sent never turn the screen to "all sent" under it.
      sessionScreen({ session, expired, hasPassword: password !== undefined, snapshot, addMoreAt: camera.View ? Infinity : addMoreAt });

  let content;
  switch (screen.kind) {
    case 'problem':
      content = (
        <ProblemScreen problem={screen.problem} sessionId={session.id} maxImages={session.effectiveMaxImages}>
          {snapshot.confirmedCount > 0 && (
            <>
              <p className="screen__body">{t('session.sentBefore', { count: snapshot.confirmedCount })}</p>
              {list}
            </>
          )}
        </ProblemScreen>
      );
      break;
    case 'password':
      if (passwordScreen.status === 'failed') {
        content = <ProblemScreen problem={{ kind: 'connection', status: null }} sessionId={session.id} onRetry={passwordScreen.retry} />;
        break;
      }
      if (passwordScreen.status !== 'ready') {
        content = <LoadingScreen retrying={false} />;
        break;
      }
      content = (
        <passwordScreen.value.PasswordScreen
          sessionId={session.id}
          rejected={screen.rejected}
          onProblem={setPasswordProblem}
          onVerified={uploads.passwordVerified}
        />
      );
      break;
    case 'done':
      // Only reachable once photos went through, so the after-pick chunk is here.
      if (host.status !== 'ready') break;
      content = (
        <host.chunk.DoneScreen
          sentCount={snapshot.confirmedCount}
          list={list}
          onAddMore={screen.canAddMore ? () => setAddMoreAt(snapshot.confirmedCount) : undefined}
        />
      );
      break;
    case 'ready':
      content = (
        <ReadyScreen
          session={session}
          remaining={remainingSlots(session, snapshot)}
          snapshot={snapshot}
          waiting={uploads.waiting}
          engineFailed={host.status === 'failed'}
          describeQueue={host.status === 'ready' ? host.chunk.queueStatusLine : undefined}
          countFree={host.status === 'ready' ? host.chunk.freeSlots : undefined}
          list={list}
          onFiles={uploads.add}
          onRetry={uploads.retry}
          camera={camera}
        />
      );
      break;
  }
  return (
    <>
      {e2eNotice.status === 'ready' && <e2eNotice.value.E2eNotice session={session} />}
      {content}
    </>
  );
}
