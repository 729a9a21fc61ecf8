import type { DeliveredFile } from '../api/get-delivery-status';
import { PhotoTile } from './photo-tile';
import { useDesktopText } from '../i18n/desktop-text';

/** The photos of the session, newest first: the one that just arrived is where the eye already is. */
export function PhotoList({ sessionId, apiKey, files, headingId }: { sessionId: string; apiKey: string; files: DeliveredFile[]; headingId: string }) {
  const dt = useDesktopText();
  if (files.length === 0) return <p className="hint desk-photos__empty">{dt('desktop.waiting')}</p>;
  return (
    <ul className="desk-photos__grid" aria-labelledby={headingId}>
      {[...files].reverse().map((file) => (
        <PhotoTile key={file.record_id} sessionId={sessionId} apiKey={apiKey} file={file} />
      ))}
    </ul>
  );
}
