import { describe, expect, it } from 'vitest';
import type { QueueItem, QueueSnapshot } from '../upload/types';
import { queueItem } from '../test/queue-item';
import { parentMessages } from './parent-messages';
import { parentOriginFrom } from './parent-origin';

const SESSION = '6f1c2a4e-8b7d-4c3a-9e2f-1a2b3c4d5e6f';

const item = (id: string, status: QueueItem['status'], extra: Partial<QueueItem> = {}) => queueItem(status, { id, ...extra });

const snapshot = (items: QueueItem[], extra: Partial<QueueSnapshot> = {}): QueueSnapshot => ({
  items,
  phase: 'running',
  confirmedCount: items.filter((i) => i.status === 'done').length,
  ...extra,
});

const context = { sessionId: SESSION, slotsAtStart: 3, completed: false };

describe('messages to the embedding page', () => {
  it('announces each photo once, when the server confirms it', () => {
    const first = snapshot([item('a', 'uploading')]);
    const second = snapshot([item('a', 'done', { imageId: 'img-a', sentSize: 800 })]);
    expect(parentMessages(first, second, context)).toEqual([
      { type: 'apertur:image:received', data: { sessionId: SESSION, imageId: 'img-a', filename: 'a.jpg', size: 800 } },
    ]);
    expect(parentMessages(second, second, context)).toEqual([]);
  });

  it('reports a refused file and a session that cannot be used as errors', () => {
    const failed = snapshot([item('a', 'failed', { message: { key: 'error.fileTooLarge', status: 413, detail: { message: 'Too big.' } } })]);
    expect(parentMessages(snapshot([item('a', 'uploading')]), failed, context)).toEqual([
      { type: 'apertur:error', data: { sessionId: SESSION, code: 'error.fileTooLarge', status: 413, filename: 'a.jpg', message: 'Too big.' } },
    ]);
    const expired = snapshot([], { sessionFailure: { scope: 'session', status: 410, key: 'error.sessionExpired' } });
    expect(parentMessages(snapshot([]), expired, context)).toEqual([
      { type: 'apertur:error', data: { sessionId: SESSION, code: 'error.sessionExpired', status: 410 } },
    ]);
  });

  it('says the session is complete when it is full or closed, once', () => {
    const done = [item('a', 'done', { imageId: '1' }), item('b', 'done', { imageId: '2' }), item('c', 'done', { imageId: '3' })];
    const full = parentMessages(snapshot(done.slice(0, 2).concat(item('c', 'uploading'))), snapshot(done), context);
    expect(full.at(-1)).toEqual({ type: 'apertur:session:complete', data: { sessionId: SESSION, imagesSent: 3 } });
    expect(parentMessages(snapshot(done.slice(0, 2)), snapshot(done), { ...context, completed: true }).map((m) => m.type)).toEqual([
      'apertur:image:received',
    ]);
    const closed = snapshot([], { sessionFailure: { scope: 'session', status: 409, key: 'error.sessionCompleted' } });
    expect(parentMessages(snapshot([]), closed, context)).toEqual([{ type: 'apertur:session:complete', data: { sessionId: SESSION, imagesSent: 0 } }]);
  });
});

describe('the parent origin', () => {
  it('is taken only as a bare http(s) origin', () => {
    expect(parentOriginFrom('?parentOrigin=https://app.example.com')).toBe('https://app.example.com');
    expect(parentOriginFrom('?parentOrigin=https%3A%2F%2Fapp.example.com%2F')).toBe('https://app.example.com');
    expect(parentOriginFrom('?parentOrigin=https://app.example.com/path')).toBeNull();
    expect(parentOriginFrom('?parentOrigin=*')).toBeNull();
    expect(parentOriginFrom('?parentOrigin=javascript:alert(1)')).toBeNull();
    expect(parentOriginFrom('')).toBeNull();
  });
});
