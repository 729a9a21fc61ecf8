import { afterEach, describe, expect, it, vi } from 'vitest';
import { forgetPassword, readPassword, savePassword } from './password-store';

const ID = '0b6f3c1e-7d2a-4f5b-9c8d-1e2f3a4b5c6d';

afterEach(() => {
  forgetPassword(ID);
  sessionStorage.clear();
});

describe('password store', () => {
  it('keeps the password in sessionStorage for the tab, per session', () => {
    savePassword(ID, 'secret');
    expect(readPassword(ID)).toBe('secret');
    expect(sessionStorage.length).toBe(1);
    expect(readPassword('another-session')).toBeUndefined();
  });

  it('forgets it', () => {
    savePassword(ID, 'secret');
    forgetPassword(ID);
    expect(readPassword(ID)).toBeUndefined();
  });

  it('falls back to memory when storage refuses', () => {
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('QuotaExceededError');
    });
    savePassword(ID, 'secret');
    expect(sessionStorage.length).toBe(0);
    expect(readPassword(ID)).toBe('secret');
  });
});
