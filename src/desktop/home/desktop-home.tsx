import { useId } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { Button } from '../../ui/button';
import { Spinner } from '../../ui/spinner';
import { useCreateSession } from '../api/create-session';
import { useRecentSessions } from '../api/get-recent-sessions';
import { DesktopProblem } from '../desktop-problem';
import { desktopSessionPath } from '../desktop-route';
import { useDesktopRichText, useDesktopText } from '../i18n/desktop-text';

/** The server's home page: the key's recent sessions, and a button to start a new one. */
export function DesktopHome({ apiKey, navigate }: { apiKey: string; navigate: (path: string) => void }) {
  const { t, lang } = useI18n();
  const dt = useDesktopText();
  const dtx = useDesktopRichText();
  const headingId = useId();
  const recent = useRecentSessions(apiKey);
  const create = useCreateSession(apiKey);
  if (recent.isError) return <DesktopProblem error={recent.error} onRetry={() => void recent.refetch()} />;
  const start = () => create.mutate(undefined, { onSuccess: (created) => navigate(desktopSessionPath(created.id)) });
  return (
    <section className="desk-home" aria-labelledby={headingId}>
      <h1 id={headingId} className="desk__title">
        {dt('desktop.home.title')}
      </h1>
      <Button className="desk-home__new" onClick={start} aria-disabled={create.isPending}>
        {dt('desktop.home.new')}
      </Button>
      {create.isError && <p className="notice">{dt('desktop.home.createFailed')}</p>}
      {recent.data === undefined ? (
        <>
          <Spinner />
          <span className="visually-hidden">{t('loading.title')}</span>
        </>
      ) : recent.data.length === 0 ? (
        <p className="hint">{dt('desktop.home.empty')}</p>
      ) : (
        <ul className="desk-home__list">
          {recent.data.map((session) => (
            <li key={session.id} className="desk-home__item">
              <a href={desktopSessionPath(session.id)} className="desk-home__link">
                {session.label ?? dtx('desktop.home.untitled', { date: new Date(session.createdAt).toLocaleString(lang) })}
              </a>
              <span className="hint">
                {dt(`desktop.status.${session.status}`)} · {dt('desktop.received', { count: session.imagesCount })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
