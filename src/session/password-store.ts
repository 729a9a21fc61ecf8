/**
 * The verified session password, kept for the tab's life (sessionStorage) so a reload does not ask
 * again, and sent as `x-session-password` on uploads. sessionStorage can be missing or refuse to
 * store (old Safari private mode, storage disabled): then it lives in memory for this page only.
 */
const memory = new Map<string, string>();
const storageKey = (sessionId: string) => `qrdrop.session-password.${sessionId}`;

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function readPassword(sessionId: string): string | undefined {
  let stored: string | null = null;
  try {
    stored = storage()?.getItem(storageKey(sessionId)) ?? null;
  } catch {
    // Unreadable storage: only the in-memory copy can help.
  }
  return stored ?? memory.get(sessionId);
}

export function savePassword(sessionId: string, password: string): void {
  try {
    const store = storage();
    if (store !== null) {
      store.setItem(storageKey(sessionId), password);
      return;
    }
  } catch {
    // Quota or privacy mode: fall back to memory.
  }
  memory.set(sessionId, password);
}

export function forgetPassword(sessionId: string): void {
  memory.delete(sessionId);
  try {
    storage()?.removeItem(storageKey(sessionId));
  } catch {
    // Nothing stored there.
  }
}
