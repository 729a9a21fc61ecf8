import { describe, expect, it } from 'vitest';
import { isSessionId, sessionIdFromPath } from './session-id';

const ID = '0b6f3c1e-7d2a-4f5b-9c8d-1e2f3a4b5c6d';

describe('isSessionId', () => {
  it('accepts a UUID in either case', () => {
    expect(isSessionId(ID)).toBe(true);
    expect(isSessionId(ID.toUpperCase())).toBe(true);
    expect(isSessionId('0b6f3c1e-7d2a-7f5b-9c8d-1e2f3a4b5c6d')).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['too short', '0b6f3c1e-7d2a-4f5b-9c8d-1e2f3a4b5c6'],
    ['too long', `${ID}0`],
    ['not hex', '0b6f3c1e-7d2a-4f5b-9c8d-1e2f3a4b5c6z'],
    ['no dashes', '0b6f3c1e7d2a4f5b9c8d1e2f3a4b5c6d'],
    ['version 0', '0b6f3c1e-7d2a-0f5b-9c8d-1e2f3a4b5c6d'],
    ['wrong variant', '0b6f3c1e-7d2a-4f5b-7c8d-1e2f3a4b5c6d'],
    ['padded', ` ${ID}`],
    ['path traversal', '..%2F..%2Fapi'],
  ])('rejects %s', (_name, value) => {
    expect(isSessionId(value)).toBe(false);
  });
});

describe('sessionIdFromPath', () => {
  it('reads /u/{id}, with or without a trailing slash, lower-cased', () => {
    expect(sessionIdFromPath(`/u/${ID}`)).toBe(ID);
    expect(sessionIdFromPath(`/u/${ID}/`)).toBe(ID);
    expect(sessionIdFromPath(`/u/${ID.toUpperCase()}`)).toBe(ID);
  });

  it.each(['/', '/u', '/u/', '/u/abc', `/x/${ID}`, `/u/${ID}/extra`, `/u/${ID}%20`, `//u/${ID}`])('gives null for %s', (path) => {
    expect(sessionIdFromPath(path)).toBeNull();
  });
});
