import { useId, useState } from 'react';
import { copyText } from '../../lib/clipboard';
import { Button } from '../../ui/button';
import { StatusRegion } from '../../ui/status-region';
import { useDesktopText } from '../i18n/desktop-text';
import { DECRYPT_SNIPPET } from './decrypt-snippet';

/**
 * An end-to-end session (issue 15): the server holds envelopes only the integrator's private key opens. Says so,
 * and shows the few lines of node:crypto that open one, with a copy button (the code can also be selected by hand).
 */
export function DecryptHelp() {
  const dt = useDesktopText();
  const headingId = useId();
  const codeId = useId();
  const captionId = useId();
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => setCopied((await copyText(DECRYPT_SNIPPET)) ? 'copied' : 'failed');
  return (
    <section className="desk-decrypt" aria-labelledby={headingId}>
      <h2 id={headingId} className="desk__subtitle">
        {dt('desktop.e2e.title')}
      </h2>
      <p>{dt('desktop.e2e.body')}</p>
      {/* Long lines wrap (desktop.css): nothing to scroll, so nothing a keyboard cannot reach. */}
      <figure className="desk-decrypt__figure" aria-labelledby={captionId}>
        <figcaption id={captionId}>{dt('desktop.e2e.codeLabel')}</figcaption>
        <pre className="desk-decrypt__code" id={codeId}>
          <code>{DECRYPT_SNIPPET}</code>
        </pre>
      </figure>
      <Button variant="secondary" onClick={() => void copy()} aria-controls={codeId}>
        {dt('desktop.e2e.copy')}
      </Button>
      <StatusRegion className="desk-decrypt__status">
        {copied === 'copied' && dt('desktop.e2e.copied')}
        {copied === 'failed' && dt('desktop.e2e.copyFailed')}
      </StatusRegion>
    </section>
  );
}
