import { spawn } from 'node:child_process';
import { Builder, By } from 'selenium-webdriver';
import type { EngineDriver, EngineLauncher } from './driver';
import { ENGINE_PORTS } from './ports';

const DRIVER = process.env.QRDROP_WEBKIT_DRIVER ?? '/usr/bin/WebKitWebDriver';
const MINIBROWSER = process.env.QRDROP_MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/**
 * WebKitGTK's MiniBrowser through WebKitWebDriver (selenium-webdriver), under Xvfb (run.ts is started by
 * xvfb-run). MiniBrowser in automation mode always keeps its website data in memory (ephemeral, like
 * Safari's Private Browsing) and has no option for a data directory: a persistent WebKit profile cannot be
 * asked for here (`persistentProfile: false`).
 */
export const webkitLauncher: EngineLauncher = {
  name: 'webkit',
  persistentProfile: false,
  async launch() {
    const service = spawn(DRIVER, [`--port=${ENGINE_PORTS.webkitDriver}`], { stdio: 'ignore' });
    const url = `http://127.0.0.1:${ENGINE_PORTS.webkitDriver}`;
    await waitForDriver(url);
    const args = ['--automation'];
    const driver = await new Builder()
      .usingServer(url)
      .withCapabilities({ browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: MINIBROWSER, args } })
      .build();
    const capabilities = await driver.getCapabilities();
    return {
      name: 'webkit',
      version: `WebKitGTK ${String(capabilities.get('browserVersion'))}`,
      goto: (target) => driver.get(target),
      reload: () => driver.navigate().refresh(),
      evaluate: <T>(body: string) => driver.executeScript(body) as Promise<T>,
      async setFiles(selector, paths) {
        await driver.findElement(By.css(selector)).sendKeys(paths.join('\n'));
      },
      async close() {
        await driver.quit().catch(() => undefined);
        service.kill();
      },
    } satisfies EngineDriver;
  },
};

async function waitForDriver(url: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const ready = await fetch(`${url}/status`).then((r) => r.ok, () => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`WebKitWebDriver did not start on ${url}`);
}
