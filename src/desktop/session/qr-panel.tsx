import { useI18n } from '../../i18n/i18n-context';
import { Spinner } from '../../ui/spinner';
import { useQrImage } from '../api/get-qr-image';
import { useDesktopText } from '../i18n/desktop-text';

/** The QR code, as large as the column allows: it is scanned from a phone held a metre away. */
export function QrPanel({ sessionId, apiKey }: { sessionId: string; apiKey: string }) {
  const { t } = useI18n();
  const dt = useDesktopText();
  const qr = useQrImage(sessionId, apiKey);
  const url = qr.data?.url;
  return (
    <figure className="desk-qr">
      {url === undefined ? (
        <div className="desk-qr__placeholder">
          {qr.isError ? (
            dt('desktop.qrUnavailable')
          ) : (
            <>
              <Spinner />
              <span className="visually-hidden">{t('loading.title')}</span>
            </>
          )}
        </div>
      ) : (
        <img className="desk-qr__image" src={url} alt={dt('desktop.qrAlt')} width={512} height={512} />
      )}
      <figcaption className="desk-qr__caption">{dt('desktop.scan')}</figcaption>
    </figure>
  );
}
