import { describe, expect, it } from 'vitest';
import { randomId } from './random-id';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('randomId', () => {
  it('is a UUID v4, also where crypto.randomUUID is missing (plain HTTP on a LAN)', () => {
    expect(randomId()).toMatch(UUID_V4);
    const own = Object.getOwnPropertyDescriptor(globalThis.crypto, 'randomUUID');
    Object.defineProperty(globalThis.crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      const ids = Array.from({ length: 200 }, () => randomId());
      for (const id of ids) expect(id).toMatch(UUID_V4);
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      if (own !== undefined) Object.defineProperty(globalThis.crypto, 'randomUUID', own);
      else Reflect.deleteProperty(globalThis.crypto, 'randomUUID');
    }
  });
});
