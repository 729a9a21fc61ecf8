import { act, renderHook } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { createFakeClock } from '../test/fake-clock';
import { createMemoryUploadStore } from '../test/memory-upload-store';
import { createTestQueue, passThrough, photo, testLimits, TEST_SESSION_ID } from '../test/queue-harness';
import { createScriptedTransport, flush } from '../test/scripted-transport';
import type { BootWindow } from '../boot/boot-contract';
import type { PageQueueEngine, UploadLimits } from '../upload';
import type { PageSession } from './api/get-session';
import { savePassword } from './password-store';
import { useSessionQueue } from './use-session-queue';

interface HookProps {
  limits: UploadLimits;
}

const EXPIRES_AT = Date.now() + 3_600_000;

/** A session read whose limits are `limits` (all its slots free). */
const sessionWith = (limits: UploadLimits): PageSession => ({
  id: TEST_SESSION_ID,
  status: 'pending',
  expiresAt: EXPIRES_AT,
  expiresAtOnDevice: EXPIRES_AT,
  tags: [],
  imagesPerSession: limits.remainingSlots,
  effectiveMaxImages: limits.remainingSlots,
  effectiveAllowedMimeTypes: [...limits.allowedMimeTypes],
  effectiveMaxImageDimension: limits.maxImageDimension,
  password_protected: false,
  imagesCount: 0,
  effectiveMaxImageSizeBytes: limits.maxImageSizeBytes,
  label: null,
});

/** Renders the hook and lets it make its queue (the after-pick chunk fetched, as "Tap to retry" does before a pick). */
async function mountQueue(render: () => ReturnType<typeof renderHook<ReturnType<typeof useSessionQueue>, HookProps>>) {
  const hook = render();
  act(() => hook.result.current.retry());
  await vi.waitFor(() => expect(hook.result.current.engine.status).toBe('ready'));
  return hook;
}

async function renderQueue(initial: { limits?: UploadLimits; password?: string } = {}) {
  const scripted = createScriptedTransport();
  const time = createFakeClock();
  let nextId = 1;
  const engine = { transport: scripted.transport, clock: time.clock, prepare: passThrough, createId: () => `id-${nextId++}` };
  const initialProps: HookProps = { limits: initial.limits ?? testLimits() };
  if (initial.password !== undefined) savePassword(TEST_SESSION_ID, initial.password);
  const hook = await mountQueue(() => renderHook((props: HookProps) => useSessionQueue(sessionWith(props.limits), engine), { initialProps }));
  return { hook, ...scripted };
}

describe('useSessionQueue', () => {
  it('re-renders with each new snapshot and keeps the same queue across renders', async () => {
    const { hook, calls } = await renderQueue();
    const first = hook.result.current;
    expect(first.snapshot.phase).toBe('idle');
    await act(async () => {
      first.add([photo('a.jpg')], 'camera');
      await flush();
    });
    expect(hook.result.current.snapshot.items[0]?.status).toBe('uploading');
    expect(hook.result.current.add).toBe(first.add);
    await act(async () => {
      calls[0]?.respond(201, { id: 'img-1' });
      await flush();
    });
    expect(hook.result.current.snapshot).toMatchObject({ phase: 'idle', confirmedCount: 1 });
  });

  it('takes the photos picked before React took over (src/boot/), once, the second mount of StrictMode included', async () => {
    const early = [
      { files: [photo('early-1.jpg'), photo('early-2.jpg')], source: 'gallery' as const },
      { files: [photo('early-3.jpg')], source: 'camera' as const },
    ];
    let takes = 0;
    const boot = window as BootWindow;
    boot.qrdropBoot = { take: () => (takes++ === 0 ? early.splice(0) : []) };
    const scripted = createScriptedTransport();
    const engine = { transport: scripted.transport, clock: createFakeClock().clock, prepare: passThrough };
    const hook = renderHook(() => useSessionQueue(sessionWith(testLimits()), engine), { reactStrictMode: true });
    expect(hook.result.current.waiting).toBe(3);
    await vi.waitFor(() => expect(hook.result.current.engine.status).toBe('ready'));
    await act(flush);
    expect(hook.result.current.snapshot.items.map((item) => `${item.source} ${item.name}`)).toEqual(['gallery early-1.jpg', 'gallery early-2.jpg', 'camera early-3.jpg']);
    expect(takes).toBe(1);
    expect(boot.qrdropBoot).toBeNull();
  });

  it('sends the current password, even one given after the queue was made', async () => {
    const { hook, calls } = await renderQueue({ password: 'first-try' });
    act(() => hook.result.current.passwordVerified('second-try'));
    await act(async () => {
      hook.result.current.add([photo('a.jpg')], 'camera');
      await flush();
    });
    expect(calls[0]?.request.headers['x-session-password']).toBe('second-try');
  });

  it('takes new limits from a session re-read, compared by value', async () => {
    const { hook } = await renderQueue({ limits: testLimits({ remainingSlots: 1 }) });
    hook.rerender({ limits: testLimits({ remainingSlots: 1 }) });
    await act(async () => {
      hook.result.current.add([photo('a.jpg'), photo('b.jpg')], 'camera');
      await flush();
    });
    expect(hook.result.current.snapshot.items.map((item) => item.status)).toEqual(['uploading', 'failed']);
    hook.rerender({ limits: testLimits({ remainingSlots: 3 }) });
    act(() => hook.result.current.add([photo('c.jpg')], 'camera'));
    expect(hook.result.current.snapshot.items[2]?.status).toBe('checking');
  });

  it('restores what an earlier page life left unconfirmed, as soon as it is mounted, and resumes on "visible"', async () => {
    const memory = createMemoryUploadStore();
    const first = createTestQueue({ store: memory.store, createId: () => 'kept-key' });
    first.queue.add([photo('a.jpg')], 'camera');
    await vi.waitFor(() => expect(memory.records()[0]?.prepared).toBeDefined());
    first.queue.dispose();

    const scripted = createScriptedTransport();
    let nextId = 1;
    const engine: PageQueueEngine = { transport: scripted.transport, clock: createFakeClock().clock, prepare: passThrough, createId: () => `id-${nextId++}`, store: memory.store };
    const session = sessionWith(testLimits());
    const hook = await mountQueue(() => renderHook(() => useSessionQueue(session, engine)));
    await vi.waitFor(() => expect(hook.result.current.snapshot.items.map((item) => item.status)).toEqual(['uploading']));
    expect(scripted.calls[0]?.idempotencyKey).toBe('kept-key');
    await act(async () => {
      scripted.calls[0]?.respond(503, 'Service Unavailable', { 'content-type': 'text/plain' });
      await flush();
    });
    expect(hook.result.current.snapshot.items[0]?.status).toBe('retry-wait');
    await act(async () => {
      document.dispatchEvent(new Event('visibilitychange'));
      await flush();
    });
    expect(hook.result.current.snapshot.items[0]?.status).toBe('uploading');
    expect(scripted.calls[1]?.idempotencyKey).toBe('kept-key');
  });
});
