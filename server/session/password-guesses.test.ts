import { describe, expect, it } from 'vitest';
import { clientKey, PasswordGuesses } from './password-guesses';

describe('clientKey', () => {
  it('counts an IPv4 address alone, also IPv4-mapped, and an IPv6 address by its /64', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('2001:db8:1:2::7')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:0db8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
  });
});

describe('PasswordGuesses', () => {
  it('reserves a guess before the check and gives it back when it was right', async () => {
    const guesses = new PasswordGuesses(() => 0);
    for (let i = 0; i < 10; i++) {
      expect((await guesses.begin('s', '203.0.113.7')).allowed).toBe(true);
      await guesses.refund('s', '203.0.113.7');
    }
    for (let i = 0; i < 10; i++) expect((await guesses.begin('s', '2001:db8:1:2::7')).allowed).toBe(true);
    expect(await guesses.begin('s', '2001:db8:1:2::8')).toEqual({ allowed: false, resetAt: 60_000 });
    expect((await guesses.begin('s', '203.0.113.7')).allowed).toBe(true);
    expect((await guesses.begin('other', '2001:db8:1:2::8')).allowed).toBe(true);
  });
});
