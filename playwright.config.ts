import fs from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

/**
 * Browser tests run the real built page against the real server.
 * Playwright cannot download browsers everywhere, so Chromium comes from the system unless
 * QRDROP_CHROMIUM_PATH points elsewhere (or is set to "" to use Playwright's own download).
 */
const chromiumPath = process.env.QRDROP_CHROMIUM_PATH ?? (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
export const E2E_PORT = Number(process.env.E2E_PORT ?? 4319);
export const E2E_API_KEY = 'aptr_test_e2e0000000000000000';
/** Per port, so a second run on another E2E_PORT does not share (or wipe) this one's data. */
const E2E_DATA_DIR = `.tmp/e2e-data/${E2E_PORT}`;

export const launchOptions = {
  ...(chromiumPath ? { executablePath: chromiumPath } : {}),
  args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
};

// iPhone 14's descriptor defaults to WebKit; these tests emulate it on Chromium.
const { defaultBrowserType: _pixelBrowser, ...pixel7 } = devices['Pixel 7'];
const { defaultBrowserType: _iphoneBrowser, ...iphone14 } = devices['iPhone 14'];

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: process.env.CI ? 1 : 2,
  retries: 0,
  timeout: 60_000,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    browserName: 'chromium',
    launchOptions,
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'pixel-7', use: { ...pixel7, browserName: 'chromium' } },
    { name: 'iphone-14', use: { ...iphone14, browserName: 'chromium' } },
  ],
  // Builds the big photo fixtures once (cached under .tmp/fixtures) before any test needs them.
  globalSetup: './e2e/support/global-setup.ts',
  webServer: {
    // Every run starts from an empty data directory: no sessions or photos left by an earlier run.
    command: `node -e "require('node:fs').rmSync('${E2E_DATA_DIR}', { recursive: true, force: true })" && npx tsx server/main.ts`,
    url: `http://127.0.0.1:${E2E_PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      PORT: String(E2E_PORT),
      HOST: '127.0.0.1',
      DATA_DIR: E2E_DATA_DIR,
      PUBLIC_URL: `http://127.0.0.1:${E2E_PORT}`,
      QRDROP_API_KEYS: E2E_API_KEY,
      LOG_LEVEL: 'warn',
      // Each test creates its own sessions and checks them through the API: far above the per-minute defaults.
      // (Per-session upload limits stay as they are; the 429 test answers its own 429.)
      RATE_LIMIT_SESSION_CREATES: '100000',
      RATE_LIMIT_SESSION_READS: '100000',
      RATE_LIMIT_OTHER: '100000',
    },
  },
});
