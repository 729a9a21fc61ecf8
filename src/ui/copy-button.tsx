import { useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { copyText } from '../lib/clipboard';
import { Button } from './button';
import { StatusRegion } from './status-region';

/**
 * "Copy details". Says so when it worked; when the browser refuses (no secure context, no
 * permission), shows the text selected in a box so the person can copy it by hand.
 */
export function CopyDetailsButton({ getText }: { getText: () => string }) {
  const { t } = useI18n();
  const [state, setState] = useState<'idle' | 'copied' | 'manual'>('idle');
  const [text, setText] = useState('');
  const areaRef = useRef<HTMLTextAreaElement>(null);
  const areaId = useId();

  useEffect(() => {
    if (state !== 'manual') return;
    areaRef.current?.focus();
    areaRef.current?.select();
  }, [state]);

  const copy = async () => {
    const value = getText();
    setText(value);
    setState((await copyText(value)) ? 'copied' : 'manual');
  };

  return (
    <div className="copy-details">
      <Button variant="secondary" onClick={() => void copy()}>
        {t('details.copy')}
      </Button>
      <StatusRegion className="copy-details__status">
        {state === 'copied' && t('details.copied')}
        {state === 'manual' && t('details.copyFailed')}
      </StatusRegion>
      {state === 'manual' && (
        <>
          <label htmlFor={areaId} className="copy-details__label">
            {t('details.label')}
          </label>
          <textarea id={areaId} ref={areaRef} className="copy-details__text" readOnly value={text} rows={text.split('\n').length} />
        </>
      )}
    </div>
  );
}
