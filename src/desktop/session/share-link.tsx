import { useId, useState } from 'react';
import { copyText } from '../../lib/clipboard';
import { Button } from '../../ui/button';
import { Icon } from '../../ui/icon';
import { StatusRegion } from '../../ui/status-region';
import { useDesktopText } from '../i18n/desktop-text';

/**
 * The upload link, to send by other means than the QR code. The field is read-only but selectable, so when the
 * browser refuses to copy (a LAN address is not a secure context) the person can still select it and copy.
 */
export function ShareLink({ url }: { url: string }) {
  const dt = useDesktopText();
  const fieldId = useId();
  const [copied, setCopied] = useState<'idle' | 'copied' | 'manual'>('idle');
  const copy = async () => setCopied((await copyText(url)) ? 'copied' : 'manual');
  return (
    <div className="desk-link">
      <label htmlFor={fieldId} className="desk-link__label">
        {dt('desktop.link')}
      </label>
      <div className="desk-link__row">
        <input id={fieldId} className="desk-link__field" dir="ltr" readOnly value={url} onFocus={(event) => event.currentTarget.select()} />
        <Button variant="secondary" className="desk-link__copy" onClick={() => void copy()}>
          <Icon name="link" />
          {dt('desktop.copyLink')}
        </Button>
      </div>
      <StatusRegion className="desk-link__status">
        {copied === 'copied' && dt('desktop.linkCopied')}
        {copied === 'manual' && dt('desktop.copyFailed')}
      </StatusRegion>
    </div>
  );
}
