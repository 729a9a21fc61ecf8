import { createUploadQueue } from '../upload/queue';
import type { PrepareFile, UploadLimits, UploadQueueOptions } from '../upload/types';
import { createFakeClock } from './fake-clock';
import { createScriptedTransport } from './scripted-transport';

export const TEST_SESSION_ID = '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';

export const testLimits = (overrides: Partial<UploadLimits> = {}): UploadLimits => ({
  remainingSlots: 10,
  allowedMimeTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/heic'],
  maxImageSizeBytes: 20 * 1024 * 1024,
  maxImageDimension: null,
  stripGps: true,
  ...overrides,
});

export const photo = (name: string, size = 1000, type = 'image/jpeg') => new File([new Uint8Array(size)], name, { type });

/** Sends every file as it is. */
export const passThrough: PrepareFile = async (file) => ({ ok: true, blob: file, type: file.type, name: file.name });

/** A queue wired to a scripted transport, a fake clock, predictable ids and no jitter surprises. */
export function createTestQueue(overrides: Partial<UploadQueueOptions> = {}) {
  const scripted = createScriptedTransport();
  const time = createFakeClock();
  let nextId = 1;
  const queue = createUploadQueue({
    sessionId: TEST_SESSION_ID,
    limits: testLimits(),
    transport: scripted.transport,
    clock: time.clock,
    prepare: passThrough,
    createId: () => `id-${nextId++}`,
    // Jitter at its maximum, so the tests can name the longest wait of each step.
    random: () => 0.999,
    // One core unless the test says otherwise: the default would be the test machine's own.
    cores: 1,
    ...overrides,
  });
  queue.start();
  const item = (name: string) => {
    const found = queue.getSnapshot().items.find((candidate) => candidate.name === name);
    if (found === undefined) throw new Error(`no item named ${name}`);
    return found;
  };
  return { queue, ...scripted, ...time, item };
}
