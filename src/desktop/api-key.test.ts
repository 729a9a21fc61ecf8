import { describe, expect, it } from 'vitest';
import { keyFromHash, takeApiKey } from './api-key';

const KEY = 'aptr_live_0123456789abcdef';

function environment(hash: string, stored: string | null = null) {
  const storage = new Map<string, string>(stored === null ? [] : [['qrdrop.desktop.apiKey', stored]]);
  const replaced: string[] = [];
  return {
    storage,
    replaced,
    env: {
      location: { hash, pathname: '/s/abc', search: '?lang=fr' },
      history: { replaceState: (_data: unknown, _unused: string, url?: string | URL | null) => void replaced.push(String(url)) },
      storage: { getItem: (key: string) => storage.get(key) ?? null, setItem: (key: string, value: string) => void storage.set(key, value) },
    },
  };
}

describe('the desktop API key', () => {
  it('is read from #key=…, kept for the tab, and removed from the address bar', () => {
    const { env, storage, replaced } = environment(`#key=${KEY}`);
    expect(takeApiKey(env)).toBe(KEY);
    expect(storage.get('qrdrop.desktop.apiKey')).toBe(KEY);
    expect(replaced).toEqual(['/s/abc?lang=fr']);
  });

  it('comes back from the tab after a reload without a fragment', () => {
    const { env, replaced } = environment('', KEY);
    expect(takeApiKey(env)).toBe(KEY);
    expect(replaced).toEqual([]);
  });

  it('is absent when there is none, or when the fragment cannot hold a key', () => {
    expect(takeApiKey(environment('').env)).toBeNull();
    expect(keyFromHash('#key=short')).toBeNull();
    expect(keyFromHash('#key=has spaces in it but long enough')).toBeNull();
    expect(keyFromHash(`#other=1&key=${KEY}`)).toBe(KEY);
  });
});
