import { describe, expect, it } from 'vitest';
import type { QueueItem, QueueItemStatus, QueueSnapshot } from '../upload/types';
import { queueItem } from '../test/queue-item';
import type { PageSession } from './api/get-session';
import { remainingSlots, sessionScreen, type SessionScreenInput } from './session-screen';

const session = (overrides: Partial<PageSession> = {}): PageSession => ({
  id: '0b6f3c1e-7d2a-4f5b-9c8d-1e2f3a4b5c6d',
  status: 'active',
  expiresAt: 2_000_000,
  expiresAtOnDevice: 2_000_000,
  tags: [],
  imagesPerSession: 10,
  effectiveMaxImages: 10,
  effectiveAllowedMimeTypes: ['image/jpeg'],
  effectiveMaxImageDimension: null,
  password_protected: false,
  imagesCount: 0,
  effectiveMaxImageSizeBytes: 20 * 1024 * 1024,
  label: null,
  ...overrides,
});

const item = (status: QueueItemStatus, id: string = status) => queueItem(status, { id });

const snapshot = (items: QueueItem[] = [], overrides: Partial<QueueSnapshot> = {}): QueueSnapshot => ({
  items,
  phase: 'idle',
  confirmedCount: items.filter((i) => i.status === 'done').length,
  ...overrides,
});

const input = (overrides: Partial<SessionScreenInput> = {}): SessionScreenInput => ({
  session: session(),
  expired: false,
  hasPassword: false,
  snapshot: snapshot(),
  addMoreAt: 0,
  ...overrides,
});

describe('sessionScreen', () => {
  it('is ready for a fresh session', () => {
    expect(sessionScreen(input())).toEqual({ kind: 'ready' });
  });

  it('says expired when the status says so, or when the local countdown reached expiresAt', () => {
    expect(sessionScreen(input({ session: session({ status: 'expired' }) }))).toMatchObject({ kind: 'problem', problem: { kind: 'expired' } });
    expect(sessionScreen(input({ expired: true }))).toEqual({
      kind: 'problem',
      problem: { kind: 'expired', status: null, at: 2_000_000 },
    });
  });

  it('says completed for a completed session', () => {
    expect(sessionScreen(input({ session: session({ status: 'completed' }) }))).toMatchObject({ problem: { kind: 'completed' } });
  });

  it('says full when imagesCount reached effectiveMaxImages before anything was picked here', () => {
    expect(sessionScreen(input({ session: session({ imagesCount: 10 }) }))).toMatchObject({ problem: { kind: 'full' } });
  });

  it('asks for the password of a protected session until one is kept', () => {
    const locked = session({ password_protected: true });
    expect(sessionScreen(input({ session: locked }))).toEqual({ kind: 'password', rejected: false });
    expect(sessionScreen(input({ session: locked, hasPassword: true }))).toEqual({ kind: 'ready' });
  });

  it('asks again, saying it was wrong, when an upload got 401', () => {
    const failed = snapshot([], { phase: 'session-stopped', sessionFailure: { scope: 'password', status: 401, key: 'error.wrongPassword' } });
    expect(sessionScreen(input({ session: session({ password_protected: true }), hasPassword: true, snapshot: failed }))).toEqual({
      kind: 'password',
      rejected: true,
    });
  });

  it('asks for a password when an upload gets 401 on a session that had none when read', () => {
    const failed = snapshot([], { phase: 'session-stopped', sessionFailure: { scope: 'password', status: 401, key: 'error.wrongPassword' } });
    expect(sessionScreen(input({ snapshot: failed }))).toEqual({ kind: 'password', rejected: true });
  });

  it.each([
    [404, 'error.sessionNotFound', 'not-found'],
    [403, 'error.forbidden', 'forbidden'],
    [409, 'error.sessionCompleted', 'completed'],
    [410, 'error.sessionExpired', 'expired'],
    [422, 'error.sessionFull', 'full'],
  ] as const)('shows the session screen when an upload got %s, before anything else', (httpStatus, messageKey, kind) => {
    const stopped = snapshot([item('done')], { phase: 'session-stopped', sessionFailure: { scope: 'session', status: httpStatus, key: messageKey, requestId: 'r-1', detail: { message: 'x' } } });
    expect(sessionScreen(input({ snapshot: stopped }))).toEqual({
      kind: 'problem',
      problem: { kind, status: httpStatus, requestId: 'r-1', detail: { message: 'x' }, at: undefined },
    });
  });

  it('is done once every picked photo went through, offering more while slots remain', () => {
    expect(sessionScreen(input({ snapshot: snapshot([item('done', 'a'), item('done', 'b')]) }))).toEqual({ kind: 'done', canAddMore: true });
    const full = session({ imagesCount: 8 });
    expect(sessionScreen(input({ session: full, snapshot: snapshot([item('done', 'a'), item('done', 'b')]) }))).toEqual({
      kind: 'done',
      canAddMore: false,
    });
  });

  it('stays ready while something is on its way or was refused', () => {
    expect(sessionScreen(input({ snapshot: snapshot([item('done'), item('uploading')], { phase: 'running' }) }))).toEqual({ kind: 'ready' });
    expect(sessionScreen(input({ snapshot: snapshot([item('done'), item('failed')]) }))).toEqual({ kind: 'ready' });
  });

  it('goes back to ready after "Add more", and to done again after the next photo', () => {
    const two = snapshot([item('done', 'a'), item('done', 'b')]);
    expect(sessionScreen(input({ snapshot: two, addMoreAt: 2 }))).toEqual({ kind: 'ready' });
    const three = snapshot([item('done', 'a'), item('done', 'b'), item('done', 'c')]);
    expect(sessionScreen(input({ snapshot: three, addMoreAt: 2 }))).toEqual({ kind: 'done', canAddMore: true });
  });
});

describe('remainingSlots', () => {
  it('subtracts what the server counted and what got through since', () => {
    expect(remainingSlots(session({ imagesCount: 3 }), snapshot([item('done')]))).toBe(6);
    expect(remainingSlots(session({ imagesCount: 12 }), snapshot())).toBe(0);
  });
});
