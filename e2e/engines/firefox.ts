import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type ElementHandle } from 'puppeteer-core';
import type { EngineDriver, EngineLauncher } from './driver';

const FIREFOX = process.env.QRDROP_FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/** Firefox ESR over WebDriver BiDi (puppeteer-core): Playwright cannot download its patched Firefox here. */
export const firefoxLauncher: EngineLauncher = {
  name: 'firefox',
  persistentProfile: true,
  async launch({ persistent }) {
    const userDataDir = persistent ? fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-ff-')) : undefined;
    const browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, ...(userDataDir ? { userDataDir } : {}) });
    const page = await browser.newPage();
    return {
      name: 'firefox',
      version: (await browser.version()).replace('/', ' '),
      goto: async (url) => void (await page.goto(url)),
      reload: async () => void (await page.reload()),
      evaluate: <T>(body: string) => page.evaluate(`(() => { ${body} })()`) as Promise<T>,
      async setFiles(selector, paths) {
        const input = (await page.waitForSelector(selector)) as ElementHandle<HTMLInputElement> | null;
        if (input === null) throw new Error(`no ${selector}`);
        await input.uploadFile(...paths);
      },
      async close() {
        await browser.close();
        if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
      },
    } satisfies EngineDriver;
  },
};
