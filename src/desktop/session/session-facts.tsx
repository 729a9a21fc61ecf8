import { Countdown } from '../../ui/countdown';
import { useDeadlinePassed } from '../../lib/use-deadline';
import { Icon } from '../../ui/icon';
import type { IntegratorSession } from '../api/get-integrator-session';
import { useDesktopRichText, useDesktopText } from '../i18n/desktop-text';

/** How many photos may still come, and for how long: the two things the person at the desk is waiting on. */
export function SessionFacts({ session }: { session: IntegratorSession }) {
  const dt = useDesktopText();
  const dtx = useDesktopRichText();
  const remaining = Math.max(0, session.effectiveMaxImages - session.imagesCount);
  // The server says "expired" only when asked again; the clock says it the moment it happens.
  const expired = useDeadlinePassed(session.expiresAt) || session.status === 'expired';
  const open = !expired && (session.status === 'pending' || session.status === 'active');
  return (
    <ul className="summary desk-facts">
      <li className="summary__item">
        <Icon name="images" />
        {dt('desktop.received', { count: session.imagesCount })}
      </li>
      {session.status === 'completed' && <li className="summary__item">{dt('desktop.completed')}</li>}
      {expired && session.status !== 'completed' && <li className="summary__item">{dt('desktop.expired')}</li>}
      {open && (
        <>
          <li className="summary__item">{dt('desktop.remaining', { count: remaining })}</li>
          <li className="summary__item">
            <Icon name="clock" />
            <Countdown until={session.expiresAt} format={(time) => dtx('desktop.expiresIn', { time })} />
          </li>
        </>
      )}
      {session.password_protected && (
        <li className="summary__item">
          <Icon name="lock" />
          {dt('desktop.passwordProtected')}
        </li>
      )}
    </ul>
  );
}
