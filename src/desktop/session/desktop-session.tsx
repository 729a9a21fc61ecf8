import { type ReactNode, useCallback, useId, useState } from 'react';
import { StatusRegion } from '../../ui/status-region';
import { useDeliveryStatus } from '../api/get-delivery-status';
import { useIntegratorSession } from '../api/get-integrator-session';
import { DesktopProblem } from '../desktop-problem';
import type { LiveEvent } from '../live/live-event';
import { useEventsUrl } from '../live/events-url';
import { useSessionEvents } from '../live/use-session-events';
import { PhotoList } from './photo-list';
import { DecryptHelp } from './decrypt-help';
import { QrPanel } from './qr-panel';
import { SessionFacts } from './session-facts';
import { ShareLink } from './share-link';
import { useDesktopRichText, useDesktopText } from '../i18n/desktop-text';

/**
 * The desk side of one session: the QR code to scan, the link, how many photos may still come and until when,
 * and the photos as they arrive (announced to screen readers one by one).
 */
export function DesktopSession({ sessionId, apiKey }: { sessionId: string; apiKey: string }) {
  const dt = useDesktopText();
  const dtx = useDesktopRichText();
  const headingId = useId();
  const photosHeadingId = useId();
  const session = useIntegratorSession(sessionId, apiKey);
  const delivery = useDeliveryStatus(sessionId, apiKey);
  const [announcement, setAnnouncement] = useState<ReactNode>('');
  const onEvent = useCallback(
    (event: LiveEvent) => {
      if (event.name === 'image:ready') setAnnouncement(dtx('desktop.photoArrived', { name: event.filename }));
      if (event.name === 'session:completed') setAnnouncement(dt('desktop.completed'));
    },
    [dt, dtx],
  );
  const live = useSessionEvents(sessionId, useEventsUrl(sessionId, apiKey, session.data?.password_protected), onEvent);

  if (session.isError) return <DesktopProblem error={session.error} onRetry={() => void session.refetch()} />;
  return (
    <div className="desk">
      <section className="desk__share" aria-labelledby={headingId}>
        <h1 id={headingId} className="desk__title">
          {session.data?.label ?? dt('desktop.title')}
        </h1>
        <QrPanel sessionId={sessionId} apiKey={apiKey} />
        {session.data !== undefined && (
          <>
            <ShareLink url={session.data.upload_url} />
            <SessionFacts session={session.data} />
          </>
        )}
      </section>
      <section className="desk__photos" aria-labelledby={photosHeadingId}>
        <h2 id={photosHeadingId} className="desk__subtitle">
          {dt('desktop.photosHeading')}
        </h2>
        <StatusRegion className="desk__announce">{announcement}</StatusRegion>
        {live === 'interrupted' && <p className="notice">{dt('desktop.liveInterrupted')}</p>}
        <PhotoList sessionId={sessionId} apiKey={apiKey} files={delivery.data?.files ?? []} headingId={photosHeadingId} />
      </section>
      {session.data?.e2eEnabled === true && <DecryptHelp />}
    </div>
  );
}
