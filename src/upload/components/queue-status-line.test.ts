import { describe, expect, it } from 'vitest';
import { TEST_CATALOGS } from '../../test/catalogs';
import { createTranslator } from '../../i18n/translate';
import type { QueueItem, QueueItemStatus, QueueSnapshot } from '../types';
import { queueItem } from '../../test/queue-item';
import { queueStatusLine } from './queue-status-line';

const t = createTranslator('en', TEST_CATALOGS.en);

const item = (status: QueueItemStatus, key?: 'error.connection' | 'error.fileTooLarge') =>
  queueItem(status, { id: Math.random().toString(36), ...(key === undefined ? {} : { message: { key } }) });

const line = (items: QueueItem[], phase: QueueSnapshot['phase'], extra: Partial<QueueSnapshot> = {}) =>
  queueStatusLine({ items, phase, confirmedCount: items.filter((i) => i.status === 'done').length, ...extra }, t);

describe('queueStatusLine', () => {
  it('is silent with nothing picked, and when the session screen takes over', () => {
    expect(line([], 'idle')).toBe('');
    expect(line([item('done')], 'session-stopped')).toBe('');
  });

  it('says photos are being prepared, then sent', () => {
    expect(line([item('checking'), item('compressing')], 'running')).toBe('Preparing 2 photos…');
    expect(line([item('done'), item('uploading'), item('queued'), item('failed', 'error.fileTooLarge')], 'running')).toBe(
      'Sending photos: 1 of 3 sent',
    );
  });

  it('says when it is retrying a lost connection', () => {
    expect(line([item('retry-wait'), item('uploading')], 'running')).toBe('Connection problem, retrying…');
  });

  it('says uploads are paused for "Too many uploads" and resume by themselves', () => {
    expect(line([item('queued')], 'rate-limited', { resumeAt: 1 })).toBe('Too many uploads. Sending will resume by itself.');
  });

  it('says uploads wait while the browser is offline', () => {
    expect(line([item('done'), item('queued')], 'offline')).toBe("You're offline. Uploads will continue when you're back online.");
  });

  it('counts what needs a tap to retry', () => {
    expect(line([item('done'), item('failed', 'error.connection')], 'needs-retry')).toBe('1 photo could not be sent.');
  });

  it('sums up at the end', () => {
    expect(line([item('done'), item('done')], 'idle')).toBe('All 2 photos sent.');
    expect(line([item('done'), item('failed', 'error.fileTooLarge')], 'idle')).toBe('1 photo sent. 1 photo was refused.');
    expect(line([item('failed', 'error.fileTooLarge')], 'idle')).toBe('1 photo was refused.');
  });
});
