import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';

/**
 * The page as the server sends it when it cannot render the session (server/page/render-session-page.ts): the
 * static shell, dist/index.html, after which the page reads the session itself. For the screens of that read
 * (loading, retrying, connection problem), which a normal load of a readable session no longer shows.
 */
export async function serveStaticShell(page: Page, sessionId: string): Promise<void> {
  await page.route(`**/u/${sessionId}*`, async (route) => {
    const response = await route.fetch();
    expect(await response.text(), 'the server rendered the session').toContain('id="qrdrop-page-data"');
    await route.fulfill({ response, body: fs.readFileSync(path.resolve('dist/index.html'), 'utf8') });
  });
}
