import { formatBytes } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n-context';
import { Icon } from '../../ui/icon';
import { Spinner } from '../../ui/spinner';
import type { DeliveredFile } from '../api/get-delivery-status';
import { useImageUrl } from '../api/get-image-url';
import { useDesktopText } from '../i18n/desktop-text';
import { useHeicPreview } from './heic-preview';

/** Types a desktop browser can draw; HEIC is shown through a JPEG made from it (heic-preview.ts). */
const PREVIEWABLE = new Set(['image/jpeg', 'image/png', 'image/webp']);

/** One received photo: its thumbnail, name, size, and a download button named after the photo. */
export function PhotoTile({ sessionId, apiKey, file }: { sessionId: string; apiKey: string; file: DeliveredFile }) {
  const { lang } = useI18n();
  const dt = useDesktopText();
  const image = useImageUrl(sessionId, file.record_id, apiKey);
  const url = image.data?.url;
  // The server's name (real type's extension), never the uploader's: "invoice.html" would save a page.
  const saveAs = image.data?.name;
  const heic = useHeicPreview(url, image.data?.type);
  const previewUrl = image.data !== undefined && PREVIEWABLE.has(image.data.type) ? url : heic.data;
  const previewPending = heic.isFetching;
  return (
    <li className="desk-photo">
      <div className="desk-photo__frame">
        {previewUrl !== undefined && <img className="desk-photo__image" src={previewUrl} alt={file.filename} />}
        {url !== undefined && previewUrl === undefined && !previewPending && <span className="desk-photo__none">{dt('desktop.noPreview')}</span>}
        {(url === undefined || previewPending) && !image.isError && <Spinner />}
        {image.isError && (
          <span className="desk-photo__none">
            <Icon name="alert" />
            {dt('desktop.photoUnavailable')}
          </span>
        )}
      </div>
      <p className="desk-photo__name">{file.filename}</p>
      <p className="desk-photo__size">{formatBytes(file.size_bytes, lang)}</p>
      {url !== undefined && (
        <a
          className="button button--secondary desk-photo__download"
          href={url}
          download={saveAs}
          aria-label={dt('desktop.download', { name: file.filename })}
        >
          {dt('desktop.downloadShort')}
        </a>
      )}
    </li>
  );
}
