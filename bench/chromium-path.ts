import fs from 'node:fs';

/**
 * The Chromium every browser figure runs in: QRDROP_CHROMIUM_PATH, else the system's /usr/bin/chromium (as the
 * browser tests do). `undefined` lets Playwright use its own download (`npx playwright install chromium`).
 */
export function chromiumPath(): string | undefined {
  const fromEnv = process.env.QRDROP_CHROMIUM_PATH;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

/** Flags that keep Chromium from talking to anything but the loopback servers of the bench. */
export const QUIET_CHROMIUM_FLAGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-domain-reliability',
  '--no-default-browser-check',
] as const;
