import { Countdown } from '../../ui/countdown';
import { Icon } from '../../ui/icon';
import type { IntegratorSession } from '../api/get-integrator-session';
import { useDesktopText } from '../i18n/desktop-text';

/** How many photos may still come, and for how long: the two things the person at the desk is waiting on. */
export function SessionFacts({ session }: { session: IntegratorSession }) {
  const dt = useDesktopText();
  const remaining = Math.max(0, session.effectiveMaxImages - session.imagesCount);
  return (
    <ul className="summary desk-facts">
      <li className="summary__item">
        <Icon name="images" />
        {dt('desktop.received', { count: session.imagesCount })}
      </li>
      {session.status === 'completed' && <li className="summary__item">{dt('desktop.completed')}</li>}
      {session.status === 'expired' && <li className="summary__item">{dt('desktop.expired')}</li>}
      {(session.status === 'pending' || session.status === 'active') && (
        <>
          <li className="summary__item">{dt('desktop.remaining', { count: remaining })}</li>
          <li className="summary__item">
            <Icon name="clock" />
            <Countdown until={session.expiresAt} format={(time) => dt('desktop.expiresIn', { time })} />
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
