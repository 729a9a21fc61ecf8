import type { ConsoleMessage, Page } from '@playwright/test';

/**
 * Everything the page says about hydration. The production build reports a mismatch as "Minified React error
 * #418" (or 419, 421, 422, 423, 425: React's hydration errors), development builds in words.
 */
const HYDRATION = /hydrat|Minified React error #(418|419|421|422|423|425)\b/i;

/** Collects, from now on, every console line and page error about hydration. */
export function hydrationMessages(page: Page): string[] {
  const seen: string[] = [];
  const note = (text: string) => {
    if (HYDRATION.test(text)) seen.push(text);
  };
  page.on('console', (message: ConsoleMessage) => note(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => note(`pageerror: ${error.message}`));
  return seen;
}
