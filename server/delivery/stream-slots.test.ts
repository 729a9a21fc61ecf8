import { describe, expect, it } from 'vitest';
import { LIVE } from '../limits';
import { InMemoryStreamSlots, type ReleaseSlot } from './stream-slots';

describe('the SSE stream slots of npm start', () => {
  it('gives each session its own slots, and a release frees one slot once, however often it is called', async () => {
    const slots = new InMemoryStreamSlots();
    const taken: (ReleaseSlot | undefined)[] = [];
    for (let i = 0; i < LIVE.sseStreamsPerSessionMax; i++) taken.push(await slots.take('s1'));
    expect(taken.every((release) => release !== undefined)).toBe(true);
    expect(await slots.take('s1')).toBeUndefined();
    expect(await slots.take('s2')).toBeTypeOf('function');

    taken[0]?.();
    taken[0]?.();
    expect(await slots.take('s1')).toBeTypeOf('function');
    expect(await slots.take('s1')).toBeUndefined();
  });
});
