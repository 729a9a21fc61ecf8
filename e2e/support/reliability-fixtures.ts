import { test as base } from '@playwright/test';
import { ReliabilityProxy } from './reliability-proxy';
import { ReliabilityServer } from './reliability-server';

/**
 * The reliability suite's test: its own server process (so it can be killed) with its own data, a
 * `relay` in front of it (the proxy the test controls; `proxy` is a Playwright option), and one
 * emulated phone only (pixel-7) to save time.
 */
export const test = base.extend<{
  onePhone: void;
  /** Extra environment for the server (`test.use({ serverEnv })`), e.g. a longer idle timeout. */
  serverEnv: Readonly<Record<string, string>>;
  server: ReliabilityServer;
  relay: ReliabilityProxy;
}>({
  onePhone: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a function needs from this pattern.
    async ({}, use, testInfo) => {
      testInfo.skip(testInfo.project.name !== 'pixel-7', 'the reliability suite runs on one emulated phone');
      await use();
    },
    { auto: true },
  ],
  serverEnv: [{}, { option: true }],
  server: async ({ serverEnv }, use) => {
    const server = new ReliabilityServer(serverEnv);
    await server.start();
    await use(server);
    await server.stop();
  },
  relay: async ({ server }, use) => {
    const proxy = new ReliabilityProxy(server.port);
    await proxy.start();
    await use(proxy);
    await proxy.stop();
  },
});

export { expect } from '@playwright/test';
