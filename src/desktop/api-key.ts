/**
 * The desktop view calls integrator routes, which need the API key. The link printed by `npm start` carries it
 * in the fragment (`/s/{id}#key=…`): a fragment is never sent to the server, never logged, never in a Referer.
 * On arrival the key is kept for this tab only (sessionStorage) and removed from the address bar, so it does not
 * linger on screen or in history; a reload still works.
 */
const KEY_PATTERN = /^[A-Za-z0-9_\-.]{16,200}$/;
const STORAGE_KEY = 'qrdrop.desktop.apiKey';

/** The key in a `#key=…` fragment, or null when there is none or it cannot be a key. */
export function keyFromHash(hash: string): string | null {
  const value = new URLSearchParams(hash.replace(/^#/, '')).get('key');
  return value !== null && KEY_PATTERN.test(value) ? value : null;
}

export interface KeyEnvironment {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState'>;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
}

/** Takes the key from the fragment (remembering it for the tab and clearing the address bar), or the remembered one. */
export function takeApiKey({ location, history, storage }: KeyEnvironment): string | null {
  const fromHash = keyFromHash(location.hash);
  if (fromHash !== null) {
    try {
      storage.setItem(STORAGE_KEY, fromHash);
      history.replaceState(null, '', `${location.pathname}${location.search}`);
    } catch {
      // Storage refused (private mode): keep the fragment, the page still works from it.
    }
    return fromHash;
  }
  try {
    const stored = storage.getItem(STORAGE_KEY);
    return stored !== null && KEY_PATTERN.test(stored) ? stored : null;
  } catch {
    return null;
  }
}

/** sessionStorage, or a throwaway in-memory stand-in where the browser forbids it (its getter can throw). */
export function tabStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  try {
    return window.sessionStorage;
  } catch {
    const memory = new Map<string, string>();
    return { getItem: (key) => memory.get(key) ?? null, setItem: (key, value) => void memory.set(key, value) };
  }
}
