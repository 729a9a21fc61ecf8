/**
 * The verified session password, kept for the tab's life (sessionStorage) so a reload does not ask
 * again, and sent as `x-session-password` on uploads. sessionStorage can throw (Safari private
 * mode, storage disabled): then it lives in memory for this page only.
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
  try {
    return storage()?.getItem(storageKey(sessionId)) ?? memory.get(sessionId);
  } catch {
    return memory.get(sessionId);
  }
}

export function savePassword(sessionId: string, password: string): void {
  memory.set(sessionId, password);
  try {
    storage()?.setItem(storageKey(sessionId), password);
  } catch {
    // Quota or privacy mode: the in-memory copy is enough for this page.
  }
}

export function forgetPassword(sessionId: string): void {
  memory.delete(sessionId);
  try {
    storage()?.removeItem(storageKey(sessionId));
  } catch {
    // Nothing stored.
  }
}
