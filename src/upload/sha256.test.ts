import { describe, expect, it } from 'vitest';
import { sha256Hex } from './sha256';
import { sha256Portable } from './sha256-portable';

const hex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
const subtleHex = async (bytes: Uint8Array<ArrayBuffer>) => hex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));

describe('sha256', () => {
  it('the portable digest matches the FIPS 180-4 examples', () => {
    expect(hex(sha256Portable(new TextEncoder().encode('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex(sha256Portable(new Uint8Array(0)))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(sha256Portable(new TextEncoder().encode('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('the portable digest matches WebCrypto around every padding boundary and on a large buffer', async () => {
    const lengths = [1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 300_001];
    for (const length of lengths) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 31 + 7) & 0xff);
      expect(hex(sha256Portable(bytes)), `length ${length}`).toBe(await subtleHex(bytes));
    }
  });

  it('hashes a blob, with or without crypto.subtle', async () => {
    const content = new Uint8Array([1, 2, 3, 4, 5]);
    const blob = new Blob([content]);
    const expected = await subtleHex(content);
    expect(await sha256Hex(blob)).toBe(expected);
    const subtle = Object.getOwnPropertyDescriptor(globalThis.crypto, 'subtle');
    Object.defineProperty(globalThis.crypto, 'subtle', { value: undefined, configurable: true });
    try {
      expect(await sha256Hex(blob)).toBe(expected);
    } finally {
      if (subtle !== undefined) Object.defineProperty(globalThis.crypto, 'subtle', subtle);
      else Reflect.deleteProperty(globalThis.crypto, 'subtle');
    }
  });
});
