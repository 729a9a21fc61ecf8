import { useEffect, useMemo, useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { useDeadlinePassed } from '../lib/use-deadline';
import { UploadList } from '../upload/components/upload-list';
import type { UploadLimits } from '../upload/types';
import { useUploadQueue, type UseUploadQueueOptions } from '../upload/use-upload-queue';
import type { PageSession } from './api/get-session';
import { forgetPassword, readPassword } from './password-store';
import { DoneScreen } from './screens/done-screen';
import { PasswordScreen } from './screens/password-screen';
import { ProblemScreen } from './screens/problem-screen';
import { ReadyScreen } from './screens/ready-screen';
import type { SessionProblem } from './session-problem';
import { remainingSlots, sessionScreen } from './session-screen';

export interface SessionViewProps {
  session: PageSession;
  /** Tests only: the upload engine's network, clock and compression, scripted. */
  engine?: UseUploadQueueOptions['engine'];
}

/** What the session allows, for the upload engine. */
const limitsOf = (session: PageSession): UploadLimits => ({
  remainingSlots: Math.max(0, session.effectiveMaxImages - session.imagesCount),
  allowedMimeTypes: session.effectiveAllowedMimeTypes,
  maxImageSizeBytes: session.effectiveMaxImageSizeBytes,
  maxImageDimension: session.effectiveMaxImageDimension,
  // Location is private: removed unless someone decides otherwise, which nobody can yet.
  stripGps: true,
});

/**
 * A loaded session. Owns the upload queue (so it outlives screen changes: render it keyed by session
 * id) and the password, and picks the screen (session-screen.ts) from them, the session and the clock.
 */
export function SessionView({ session, engine }: SessionViewProps) {
  const { t } = useI18n();
  const [password, setPassword] = useState(() => readPassword(session.id));
  const [verifications, setVerifications] = useState(0);
  const [passwordProblem, setPasswordProblem] = useState<SessionProblem | null>(null);
  const [addMoreAt, setAddMoreAt] = useState(0);
  const limits = useMemo(() => limitsOf(session), [session]);
  const queue = useUploadQueue({ sessionId: session.id, limits, password, engine });
  const { snapshot, retry } = queue;
  const expired = useDeadlinePassed(session.expiresAtOnDevice);

  const passwordRejected = snapshot.sessionFailure?.messageKey === 'error.wrongPassword';
  useEffect(() => {
    // The kept password stopped working (the integrator changed it): a reload must ask again.
    if (passwordRejected) forgetPassword(session.id);
  }, [passwordRejected, session.id]);
  useEffect(() => {
    // After a new password is verified, and once the queue reads it: resume what the 401 stopped.
    if (verifications > 0) retry();
  }, [verifications, retry]);

  const screen = passwordProblem
    ? { kind: 'problem' as const, problem: passwordProblem }
    : sessionScreen({ session, expired, hasPassword: password !== undefined, snapshot, addMoreAt });

  switch (screen.kind) {
    case 'problem':
      return (
        <ProblemScreen problem={screen.problem} sessionId={session.id} maxImages={session.effectiveMaxImages}>
          {snapshot.confirmedCount > 0 && (
            <>
              <p className="screen__body">{t('session.sentBefore', { count: snapshot.confirmedCount })}</p>
              <UploadList items={snapshot.items} onRemove={queue.remove} onRetry={queue.retry} />
            </>
          )}
        </ProblemScreen>
      );
    case 'password':
      return (
        <PasswordScreen
          sessionId={session.id}
          rejected={screen.rejected}
          onProblem={setPasswordProblem}
          onVerified={(verified) => {
            setPassword(verified);
            if (passwordRejected) setVerifications((count) => count + 1);
          }}
        />
      );
    case 'done':
      return (
        <DoneScreen snapshot={snapshot} onAddMore={screen.canAddMore ? () => setAddMoreAt(snapshot.confirmedCount) : undefined} />
      );
    case 'ready':
      return (
        <ReadyScreen
          session={session}
          remaining={remainingSlots(session, snapshot)}
          snapshot={snapshot}
          onFiles={queue.add}
          onRemove={queue.remove}
          onRetry={queue.retry}
        />
      );
  }
}
