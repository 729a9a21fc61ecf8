import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { Button } from '../../ui/button';
import { Screen } from '../../ui/screen';

export interface DoneScreenProps {
  sentCount: number;
  /** What was sent (the upload list). */
  list: ReactNode;
  /** "Add more", offered only while the session has free slots. */
  onAddMore?: () => void;
}

/** "N photos sent. You can close this page." */
export function DoneScreen({ sentCount, list, onAddMore }: DoneScreenProps) {
  const { t } = useI18n();
  return (
    <Screen title={t('done.title', { count: sentCount })} icon="check" tone="success">
      <p className="screen__body">{t('done.body')}</p>
      {onAddMore !== undefined && (
        <Button onClick={onAddMore} className="screen__action">
          {t('done.addMore')}
        </Button>
      )}
      {list}
    </Screen>
  );
}
