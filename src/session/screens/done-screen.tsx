import { useI18n } from '../../i18n/i18n-context';
import { UploadList } from '../../upload/components/upload-list';
import type { QueueSnapshot } from '../../upload/types';
import { Button } from '../../ui/button';
import { Screen } from '../../ui/screen';

export interface DoneScreenProps {
  snapshot: QueueSnapshot;
  /** "Add more", offered only while the session has free slots. */
  onAddMore?: () => void;
}

/** "N photos sent. You can close this page." */
export function DoneScreen({ snapshot, onAddMore }: DoneScreenProps) {
  const { t } = useI18n();
  return (
    <Screen title={t('done.title', { count: snapshot.confirmedCount })} icon="check" tone="success">
      <p className="screen__body">{t('done.body')}</p>
      {onAddMore !== undefined && (
        <Button onClick={onAddMore} className="screen__action">
          {t('done.addMore')}
        </Button>
      )}
      <UploadList items={snapshot.items} onRemove={() => undefined} onRetry={() => undefined} />
    </Screen>
  );
}
