import type { E2eSettings } from '../upload/e2e/e2e-prepare';
import { E2eNotice } from '../upload/e2e/e2e-notice';
import { useEffect, useMemo, useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { useDeadlinePassed } from '../lib/use-deadline';
import { useLazy } from '../lib/use-lazy';
import type { Pick } from '../upload/components/queue-host';
import type { QueueSnapshot, UploadLimits, UploadSource } from '../upload/types';
import { useStoredUploads } from '../upload/use-stored-uploads';
import type { UploadQueueView, UseUploadQueueOptions } from '../upload/use-upload-queue';
import type { PageSession } from './api/get-session';
import { forgetPassword, readPassword } from './password-store';
import { LoadingScreen } from './screens/loading-screen';
import { ProblemScreen } from './screens/problem-screen';
import { ReadyScreen } from './screens/ready-screen';
import type { SessionProblem } from './session-problem';
import { remainingSlots, sessionScreen } from './session-screen';

export interface SessionViewProps {
  session: PageSession;
  /** Tests only: the upload engine's network, clock and compression, scripted. */
  engine?: UseUploadQueueOptions['engine'];
}

/** Fetched with the first pick: the queue, its transport, the upload list, the all-done screen. */
const loadAfterPick = () => import('./after-pick');
/** Fetched only for password-protected sessions. */
const loadPasswordScreen = () => import('./screens/password-screen');

/** Before the first pick there is no queue: nothing sent, nothing waiting. */
const NOTHING_YET: QueueSnapshot = { items: [], phase: 'idle', confirmedCount: 0 };

/** What the session allows, for the upload engine. */
const limitsOf = (session: PageSession): UploadLimits => ({
  remainingSlots: Math.max(0, session.effectiveMaxImages - session.imagesCount),
  allowedMimeTypes: session.effectiveAllowedMimeTypes,
  maxImageSizeBytes: session.effectiveMaxImageSizeBytes,
  maxImageDimension: session.effectiveMaxImageDimension,
  // Location is private: removed unless someone decides otherwise, which nobody can yet.
  stripGps: true,
});

/** An end-to-end session's key, for the upload engine (src/upload/e2e). */
const e2eOf = (session: PageSession): E2eSettings | undefined =>
  session.e2eEnabled === true && session.e2ePublicKey != null
    ? { publicKey: session.e2ePublicKey, allowDowngrade: session.e2eAllowDowngrade === true }
    : undefined;

/**
 * A loaded session: picks the screen (session-screen.ts) from the session, the upload queue, the
 * password and the clock. The upload engine (queue, transport, list) is fetched with the first pick
 * and then lives here, outliving screen changes (render this keyed by session id).
 */
export function SessionView({ session, engine }: SessionViewProps) {
  const { t } = useI18n();
  const [password, setPassword] = useState(() => readPassword(session.id));
  const [verifications, setVerifications] = useState(0);
  const [passwordProblem, setPasswordProblem] = useState<SessionProblem | null>(null);
  const [addMoreAt, setAddMoreAt] = useState(0);
  const [picks, setPicks] = useState<readonly Pick[]>([]);
  // A reload or a killed tab left photos unconfirmed: the engine comes at once and resumes them
  // (once the password is known, for a protected session: sent without it they would be refused).
  const restorable = useStoredUploads(session.id) && (!session.password_protected || password !== undefined);
  const host = useLazy(loadAfterPick, picks.length > 0 || restorable);
  const [queue, setQueue] = useState<UploadQueueView | null>(null);
  const limits = useMemo(() => limitsOf(session), [session]);
  const e2e = useMemo(() => e2eOf(session), [session]);
  const expired = useDeadlinePassed(session.expiresAtOnDevice);
  const snapshot = queue?.snapshot ?? NOTHING_YET;

  const passwordRejected = snapshot.sessionFailure?.messageKey === 'error.wrongPassword';
  const passwordScreen = useLazy(loadPasswordScreen, session.password_protected || passwordRejected);
  useEffect(() => {
    // The kept password stopped working (the integrator changed it): a reload must ask again.
    if (passwordRejected) forgetPassword(session.id);
  }, [passwordRejected, session.id]);
  const retry = queue?.retry;
  useEffect(() => {
    // After a new password is verified, and once the queue has it: resume what the 401 stopped.
    if (verifications > 0) retry?.();
  }, [verifications, retry]);

  const addFiles = (files: File[], source: UploadSource) => {
    if (queue !== null) return queue.add(files, source);
    setPicks((previous) => [...previous, { files, source }]);
  };
  const waiting = queue === null ? picks.reduce((count, pick) => count + pick.files.length, 0) : 0;
  const list =
    host.status === 'ready' && queue !== null ? (
      <host.value.UploadList items={snapshot.items} onRemove={queue.remove} onRetry={queue.retry} />
    ) : null;

  const screen = passwordProblem
    ? { kind: 'problem' as const, problem: passwordProblem }
    : sessionScreen({ session, expired, hasPassword: password !== undefined, snapshot, addMoreAt });

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
          onVerified={(verified) => {
            setPassword(verified);
            if (passwordRejected) setVerifications((count) => count + 1);
          }}
        />
      );
      break;
    case 'done':
      // Only reachable once photos went through, so the after-pick chunk is here.
      if (host.status !== 'ready') break;
      content = (
        <host.value.DoneScreen
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
          waiting={waiting}
          engineFailed={host.status === 'failed'}
          describeQueue={host.status === 'ready' ? host.value.queueStatusLine : undefined}
          list={list}
          onFiles={addFiles}
          onRetry={(itemId) => (queue === null ? host.retry() : queue.retry(itemId))}
        />
      );
      break;
  }
  return (
    <>
      {host.status === 'ready' && (
        <host.value.QueueHost options={{ sessionId: session.id, limits, password, engine, expiresAt: session.expiresAtOnDevice, e2e }} picks={picks} onView={setQueue} />
      )}
      {e2e !== undefined && <E2eNotice settings={e2e} />}
      {content}
    </>
  );
}
