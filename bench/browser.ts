import { type Browser, type BrowserContext, type CDPSession, chromium, devices, type Page } from '@playwright/test';
import { chromiumPath, QUIET_CHROMIUM_FLAGS } from './chromium-path';

/** A network and CPU profile applied through the DevTools protocol, as Lighthouse's "devtools" throttling does. */
export interface Throttle {
  rttMs: number;
  downloadBitsPerSecond: number;
  uploadBitsPerSecond: number;
  cpuSlowdown: number;
}

export function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  return chromium.launch({ ...(executablePath ? { executablePath } : {}), args: [...QUIET_CHROMIUM_FLAGS] });
}

// Pixel 7's descriptor, on Chromium: a phone-sized touch screen with a coarse pointer, so the page shows
// "Take photo" as it does on a phone.
const { defaultBrowserType: _pixelBrowser, ...PIXEL_7 } = devices['Pixel 7'];

/** A fresh phone-like context: empty cache, no cookies, nothing carried over between runs. */
export function phoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ ...PIXEL_7, serviceWorkers: 'block' });
}

/**
 * Applies the throttle to one page. Latency is added per request by Chromium's network emulation (the same
 * mechanism as DevTools' presets); bandwidths are in bytes per second on the wire.
 */
export async function throttle(page: Page, profile: Throttle): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: profile.rttMs,
    downloadThroughput: profile.downloadBitsPerSecond / 8,
    uploadThroughput: profile.uploadBitsPerSecond / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpuSlowdown });
  return cdp;
}

/** Bytes Chromium received and sent on the wire for this page (headers included), counted from CDP events. */
export function countWireBytes(cdp: CDPSession): () => { received: number; requests: number } {
  let received = 0;
  let requests = 0;
  cdp.on('Network.loadingFinished', (event) => {
    received += event.encodedDataLength;
    requests++;
  });
  return () => ({ received, requests });
}
