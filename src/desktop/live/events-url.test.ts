import { describe, expect, it } from 'vitest';
import { eventsUrl } from './events-url';

describe('eventsUrl', () => {
  it('is the bare stream for a session without a password, and carries the access token for a protected one', () => {
    expect(eventsUrl('3f0c2a4e-8b1d-4c6e-9f7a-2b5d8e1c0a93', null)).toBe('/api/v1/upload/3f0c2a4e-8b1d-4c6e-9f7a-2b5d8e1c0a93/events');
    expect(eventsUrl('a/b', 'tok_en-1')).toBe('/api/v1/upload/a%2Fb/events?access=tok_en-1');
  });
});
