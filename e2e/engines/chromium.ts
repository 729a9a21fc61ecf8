import { chromium } from '@playwright/test';
import type { EngineDriver, EngineLauncher } from './driver';

/** Chromium through Playwright, as the rest of the suite drives it (system Chromium when there is one). */
export const chromiumLauncher: EngineLauncher = {
  name: 'chromium',
  persistentProfile: false,
  async launch() {
    const browser = await chromium.launch({ executablePath: process.env.QRDROP_CHROMIUM_PATH ?? '/usr/bin/chromium' });
    const page = await browser.newPage();
    return {
      name: 'chromium',
      version: `Chromium ${browser.version()}`,
      goto: async (url) => void (await page.goto(url)),
      reload: async () => void (await page.reload()),
      evaluate: <T>(body: string) => page.evaluate(body.includes('return') ? `(() => { ${body} })()` : body) as Promise<T>,
      setFiles: (selector, paths) => page.locator(selector).first().setInputFiles(paths),
      close: () => browser.close(),
    } satisfies EngineDriver;
  },
};
