import { describe, expect, it } from 'vitest';
import { flush } from '../test/scripted-transport';
import { createScreenKeeper, type WakeLockLike, type WakeLockSentinelLike } from './wake-lock';

/** A wake lock API that hands out sentinels the test can release as the browser would (page hidden). */
function fakeWakeLock(options: { refuse?: boolean } = {}) {
  const sentinels: Array<WakeLockSentinelLike & { browserReleases(): void }> = [];
  const api: WakeLockLike = {
    async request() {
      if (options.refuse) throw new DOMException('battery saver', 'NotAllowedError');
      const listeners: Array<() => void> = [];
      let released = false;
      const end = () => {
        if (released) return;
        released = true;
        for (const listener of listeners) listener();
      };
      const sentinel = {
        get released() {
          return released;
        },
        release: async () => end(),
        addEventListener: (_type: 'release', listener: () => void) => listeners.push(listener),
        browserReleases: end,
      };
      sentinels.push(sentinel);
      return sentinel;
    },
  };
  const held = () => sentinels.filter((sentinel) => !sentinel.released).length;
  return { api, sentinels, held };
}

describe('screen wake lock while uploads run', () => {
  it('holds the lock while wanted and releases it when uploads end', async () => {
    const lock = fakeWakeLock();
    const keeper = createScreenKeeper(lock.api, () => true);
    keeper.setWanted(true);
    await flush();
    expect(lock.held()).toBe(1);
    keeper.setWanted(true);
    await flush();
    expect(lock.sentinels).toHaveLength(1);
    keeper.setWanted(false);
    await flush();
    expect(lock.held()).toBe(0);
  });

  it('takes the lock again when the page is visible again, since the browser dropped it when hidden', async () => {
    const lock = fakeWakeLock();
    let visible = true;
    const keeper = createScreenKeeper(lock.api, () => visible);
    keeper.setWanted(true);
    await flush();
    visible = false;
    lock.sentinels[0]?.browserReleases();
    keeper.pageVisible();
    await flush();
    expect(lock.held()).toBe(0);
    visible = true;
    keeper.pageVisible();
    await flush();
    expect(lock.held()).toBe(1);
    expect(lock.sentinels).toHaveLength(2);
  });

  it('does not ask while hidden or when not wanted, and lets go of a lock granted after uploads ended', async () => {
    const lock = fakeWakeLock();
    const keeper = createScreenKeeper(lock.api, () => true);
    keeper.pageVisible();
    await flush();
    expect(lock.sentinels).toHaveLength(0);
    keeper.setWanted(true);
    keeper.setWanted(false);
    await flush();
    expect(lock.sentinels).toHaveLength(1);
    expect(lock.held()).toBe(0);
  });

  it('without support, or when refused, nothing breaks', async () => {
    const none = createScreenKeeper(undefined, () => true);
    none.setWanted(true);
    none.dispose();
    const refused = fakeWakeLock({ refuse: true });
    const keeper = createScreenKeeper(refused.api, () => true);
    keeper.setWanted(true);
    await flush();
    expect(refused.held()).toBe(0);
  });

  it('releases on dispose', async () => {
    const lock = fakeWakeLock();
    const keeper = createScreenKeeper(lock.api, () => true);
    keeper.setWanted(true);
    await flush();
    keeper.dispose();
    await flush();
    expect(lock.held()).toBe(0);
  });
});
