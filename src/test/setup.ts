/*
 * test/: the one home of the page's test helpers (vitest's setup is this file): scripted transport, clock and
 * online status, the queue harness, an in-memory upload store, session fixtures, rendering with providers,
 * every catalog (catalogs.ts) and EXIF fixtures. Only tests (and server/fuzz) import them.
 */
import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';

// Any unexpected console.error fails the test: React warnings and swallowed errors must not pass silently.
let errorSpy: { mock: { calls: unknown[][] }; mockRestore: () => void };
beforeEach(() => {
  errorSpy = vi.spyOn(console, 'error');
});
afterEach(() => {
  cleanup();
  const calls = errorSpy.mock.calls;
  errorSpy.mockRestore();
  if (calls.length > 0) throw new Error(`console.error was called:\n${calls.map((c: unknown[]) => c.map(String).join(' ')).join('\n')}`);
});
