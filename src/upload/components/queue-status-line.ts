import type { Translate } from '../../i18n/translate';
import type { QueueSnapshot } from '../types';

/**
 * The one sentence that sums up the queue, announced politely to screen readers when it changes.
 * No percentages here (they would be announced at every step); the bars carry those.
 */
export function queueStatusLine(snapshot: QueueSnapshot, t: Translate): string {
  const { items, phase } = snapshot;
  if (items.length === 0 || phase === 'session-stopped') return '';
  const count = (predicate: (status: string) => boolean) => items.filter((item) => predicate(item.status)).length;
  const done = count((s) => s === 'done');
  const failed = count((s) => s === 'failed');

  if (phase === 'offline') return t('queue.offline');
  if (phase === 'rate-limited') return `${t('error.tooManyUploads')}. ${t('queue.resumesByItself')}`;
  if (phase === 'needs-retry') {
    const stuck = items.filter((item) => item.status === 'failed' && item.message?.key === 'error.connection').length;
    return t('queue.needsRetry', { count: stuck });
  }
  if (phase === 'running') {
    if (count((s) => s === 'retry-wait') > 0) return t('error.connection');
    const sending = count((s) => s === 'queued' || s === 'uploading');
    if (sending === 0) return t('queue.preparing', { count: count((s) => s === 'checking' || s === 'compressing') });
    return t('queue.sending', { done, total: items.length - failed });
  }
  if (failed === 0) return t('queue.allSent', { count: done });
  const refused = t('queue.refused', { count: failed });
  return done > 0 ? `${t('done.title', { count: done })}. ${refused}` : refused;
}
