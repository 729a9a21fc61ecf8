import { generateKeyPairSync, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { Page, Route, TestInfo } from '@playwright/test';
import { desktopAr } from '../src/desktop/i18n/desktop-ar';
import type { DesktopCatalog } from '../src/desktop/i18n/desktop-catalog-types';
import { desktopJa } from '../src/desktop/i18n/desktop-ja';
import { ar } from '../src/i18n/ar';
import type { Catalog } from '../src/i18n/catalog-types';
import { ja } from '../src/i18n/ja';
import { E2E_API_KEY, E2E_PORT, launchOptions } from '../playwright.config';
import { writeFakeCameraVideo } from './support/fake-camera';
import { findUnisolatedText } from './support/bidi-check';
import { checkScreen, drawsWithRealGlyphs, findLayoutProblems, screenWidth } from './support/layout-check';
import { qualityJpeg } from './support/quality-photos';
import { serveStaticShell } from './support/static-shell';
import { pdfNamedJpg, smallJpeg } from './support/test-photos';
import { expect, pageScriptStarted, test } from './support/test';
import { answerUploads, envelope } from './support/upload-routes';

/**
 * Every screen of the phone page and the desktop view in Arabic (right to left) and Japanese, on each emulated
 * phone: no text cut off or running off the screen, no sideways scrolling, Arabic laid out from the right.
 * Each screen's screenshot is attached to the test for a person to look at; nothing is compared pixel by
 * pixel (fonts differ from machine to machine).
 */

// The in-page camera's screen too: Chromium plays a generated video as the camera (as in camera.spec.ts).
const video = writeFakeCameraVideo(E2E_PORT);
test.use({
  launchOptions: {
    ...launchOptions,
    args: [...launchOptions.args, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
  },
});
test.afterAll(() => fs.rmSync(video, { force: true }));

const LANGS = ['ar', 'ja'] as const;
type Lang = (typeof LANGS)[number];
const CATALOGS: Record<Lang, Catalog> = { ar, ja };
const DESKTOP_CATALOGS: Record<Lang, DesktopCatalog> = { ar: desktopAr, ja: desktopJa };

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });
const items = (page: Page, state: string) => page.locator(`.upload-item--${state}`);
const gallery = (page: Page) => page.locator('input[type="file"][multiple]');

async function openPage(page: Page, path: string, lang: Lang): Promise<void> {
  await page.goto(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
  await pageScriptStarted(page);
  await expect(h1(page)).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  await expect(page.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
}

/** Says so in the report when this machine has no font for the language: its screenshots then show boxes. */
async function noteMissingFont(page: Page, lang: Lang, testInfo: TestInfo): Promise<void> {
  const sample = lang === 'ar' ? 'صور' : '写真';
  if (!(await drawsWithRealGlyphs(page, sample))) {
    testInfo.annotations.push({ type: 'warning', description: `no ${lang} font on this machine: its screenshots show boxes (layout measured with them)` });
  }
}

/** Where the first line of an element's text sits inside its box: both gaps, in px. */
const textGaps = (page: Page, selector: string) =>
  page.locator(selector).first().evaluate((element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    // One rect per run of text (a number inside Arabic is a run of its own): the first line is all those at the top.
    const rects = [...range.getClientRects()];
    const top = Math.min(...rects.map((rect) => rect.top));
    const line = rects.filter((rect) => Math.abs(rect.top - top) < 2);
    const box = element.getBoundingClientRect();
    const padding = getComputedStyle(element);
    return {
      start: Math.min(...line.map((rect) => rect.left)) - box.left - Number.parseFloat(padding.paddingLeft),
      end: box.right - Number.parseFloat(padding.paddingRight) - Math.max(...line.map((rect) => rect.right)),
    };
  });

const LONG_NAMES = {
  ok: 'IMG_20240611_184512345_HDR_PORTRAIT_EFFECT_FRONT_CAMERA_0001.jpg',
  notPhoto: 'Scan_facture_electricite_juin_2024_definitive_version_finale.jpg',
};
// Names that start with digits and end with a bracket: the ones a right-to-left sentence scrambles unisolated.
const BIDI_NAMES = { blurred: '2024-06 extra-2-blurred-with-a-rather-long-name-to-wrap (1).jpg', last: '2024-06 extra-3-with-a-rather-long-name-to-wrap (2).jpg' };
const PICKED_NAMES = [LONG_NAMES.ok, LONG_NAMES.notPhoto, BIDI_NAMES.blurred, BIDI_NAMES.last];

/** Outside values in sentences are isolated: the names everywhere, the size and time of the ready screen in <bdi>. */
async function expectIsolated(page: Page, values: readonly string[], screen: string): Promise<void> {
  expect(await page.evaluate(findUnisolatedText, values), `unisolated text on ${screen}`).toEqual([]);
}

for (const lang of LANGS) {
  test(`phone page in ${lang}: every screen fits, nothing clipped`, async ({ page, api }, testInfo) => {
    const problems: Record<string, unknown> = {};
    const check = async (name: string) => {
      const found = await checkScreen(page, testInfo, `${lang} ${name}`);
      if (found.length > 0) problems[name] = found;
    };
    // Made first: its expiry passes while the other screens are looked at.
    const expired = await api.createSession({ expires_at: new Date(Date.now() + 1_500).toISOString() });
    const label = lang === 'ar' ? 'صور المطالبة رقم 2024-000123456 — أضرار المياه في المطبخ' : '保険金請求 第2024-000123456号 台所の水漏れの写真';

    await openPage(page, '/u/1234-not-a-session', lang);
    await noteMissingFont(page, lang, testInfo);
    await check('invalid link');

    await openPage(page, `/u/${randomUUID()}`, lang);
    await check('not found');
    await page.locator('.copy-details .button').click();
    await expect(page.locator('.copy-details__status')).not.toBeEmpty();
    await check('not found, details');

    const completed = await api.createSession();
    await api.completeSession(completed);
    await openPage(page, `/u/${completed}`, lang);
    await check('completed');

    const full = await api.createSession({ max_images: 1 });
    await api.uploadDirect(full, smallJpeg('earlier.jpg'));
    await openPage(page, `/u/${full}`, lang);
    await check('full');

    const locked = await api.createSession({ password: 'blue-heron-42', label });
    await openPage(page, `/u/${locked}`, lang);
    await check('password');
    await page.locator('input[type="password"]').fill('wrong-heron');
    await page.locator('button[type="submit"]').click();
    await expect(page.getByRole('alert')).not.toBeEmpty();
    await check('wrong password');

    await expect.poll(async () => (await api.pageSession(expired)).status).toBe('expired');
    await openPage(page, `/u/${expired}`, lang);
    await check('expired');

    const id = await api.createSession({ max_images: 3, label });
    await openPage(page, `/u/${id}`, lang);
    await check('ready');
    // "JPEG, PNG, WebP or HEIC, up to 20 MB each" and "Time left: 59 min": the types, the size and the time are
    // each isolated (in Arabic, "20 MB" after Arabic words would otherwise take the sentence's order).
    await expect(page.locator('.hint bdi')).toHaveCount(2);
    await expect(page.locator('.summary .countdown bdi')).toHaveCount(1);
    await expectIsolated(page, [label], 'ready');
    if (lang === 'ar') {
      // Right to left: the title's first line starts at the right edge.
      const title = await textGaps(page, 'h1');
      expect(title.end, JSON.stringify(title)).toBeLessThan(2);
      expect(title.start, JSON.stringify(title)).toBeGreaterThan(title.end);
      expect(await h1(page).evaluate((element) => getComputedStyle(element).direction)).toBe('rtl');
    }

    await page.locator('button.pick-button').click();
    const camera = page.locator('dialog.camera');
    await expect(camera.locator('.camera__shutter')).toHaveAttribute('aria-disabled', 'false', { timeout: 15_000 });
    await check('camera');
    await camera.locator('.camera__done').click();
    await expect(camera).toBeHidden();

    // The first photo is held on its way, so the screen is seen while it is sending.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let attempts = 0;
    await page.route(/\/api\/v1\/upload\/[^/]+\/images$/, async (route: Route) => {
      if (route.request().method() === 'POST' && ++attempts === 1) await held;
      await route.continue();
    });
    // Four picked for three places: one is not a photo, one finds no room left, one is blurred (the quality hint).
    await gallery(page).setInputFiles([
      smallJpeg(LONG_NAMES.ok, { seed: 1 }),
      pdfNamedJpg(LONG_NAMES.notPhoto),
      qualityJpeg(BIDI_NAMES.blurred, { kind: 'edges', seed: 5, blurSigma: 6 }),
      smallJpeg(BIDI_NAMES.last, { seed: 3 }),
    ]);
    await expect(items(page, 'failed')).toHaveCount(2);
    await expect(items(page, 'uploading')).toHaveCount(1);
    await check('sending, with refusals');
    // The progress bar's name and the remove buttons' names: "Remove ⁨2024-06 … (2).jpg⁩".
    await expectIsolated(page, PICKED_NAMES, 'sending, with refusals');
    if (lang === 'ar') {
      // The list starts on the right: the thumbnail is right of the name, the remove button at the left end.
      const sides = await items(page, 'failed')
        .first()
        .evaluate((item) => {
          const at = (selector: string) => item.querySelector(selector)?.getBoundingClientRect();
          return { thumbnail: at('.thumbnail')?.left ?? 0, name: at('.upload-item__name')?.right ?? 0, actions: at('.upload-item__actions')?.right ?? 0, nameLeft: at('.upload-item__name')?.left ?? 0 };
        });
      expect(sides.thumbnail).toBeGreaterThanOrEqual(sides.name);
      expect(sides.actions).toBeLessThanOrEqual(sides.nameLeft);
    }
    release();
    await expect(items(page, 'done')).toHaveCount(2);
    const quality = page.locator('.upload-item__quality-actions');
    await expect(quality).toBeVisible({ timeout: 30_000 });
    await check('sent, with refusals and the quality hint');
    await expectIsolated(page, PICKED_NAMES, 'sent, with the quality hint (Keep and Retake name the photo)');
    // Keep (the first of Keep / Retake).
    await quality.locator('.button').first().click();
    await expect(quality).toHaveCount(0);

    for (let left = 2; left > 0; left--) await items(page, 'failed').first().locator('.icon-button').last().click();
    await expect(items(page, 'failed')).toHaveCount(0);
    await expect(page.locator('.screen--success')).toBeVisible();
    await check('done');
    await api.waitForImages(id, 2);

    // Last (its clock and routes stay with the page): the server in trouble while the page reads the session,
    // retried, then "Connection problem" with "Tap to retry" (as in session-states.spec.ts).
    const troubled = await api.createSession({ label });
    await serveStaticShell(page, troubled);
    await page.route(/\/session$/, (route) => route.fulfill({ status: 503, contentType: 'text/html', body: '<h1>503 Service Unavailable</h1>' }));
    await page.clock.install();
    await page.goto(`/u/${troubled}?lang=${lang}`);
    await pageScriptStarted(page);
    await expect(async () => {
      await page.clock.fastForward(5_000);
      await expect(page.locator('.screen--problem')).toBeVisible({ timeout: 500 });
    }).toPass({ timeout: 30_000 });
    await check('connection problem');

    expect(problems, `text clipped or off screen in ${lang}`).toEqual({});
  });

  test(`phone page in ${lang}: loading, retrying, forbidden, offline, camera refused, the end-to-end notices`, async ({ page, api }, testInfo) => {
    const problems: Record<string, unknown> = {};
    const check = async (name: string, on: Page = page) => {
      const found = await checkScreen(on, testInfo, `${lang} ${name}`);
      if (found.length > 0) problems[name] = found;
    };
    const label = lang === 'ar' ? 'صور المطالبة رقم 2024-000123456 — أضرار المياه في المطبخ' : '保険金請求 第2024-000123456号 台所の水漏れの写真';
    const held: Route[] = [];
    const holdUploads = () => page.route(/\/api\/v1\/upload\/[^/]+\/images$/, (route) => void held.push(route));

    // The session read held unanswered: the spinner (its heading is for screen readers only).
    const loading = await api.createSession({ label });
    await serveStaticShell(page, loading);
    await page.route(/\/session$/, () => undefined);
    await page.goto(`/u/${loading}?lang=${lang}`);
    await pageScriptStarted(page);
    await expect(page.locator('section[aria-busy="true"] .spinner')).toBeVisible();
    await noteMissingFont(page, lang, testInfo);
    await check('loading');
    await page.unrouteAll({ behavior: 'ignoreErrors' });

    // A gateway refuses the first photo: "This link can't be used".
    const forbidden = await api.createSession({ label });
    await answerUploads(page, () => ({ status: 403, body: JSON.stringify({ error: { code: 'forbidden', message: 'Blocked by policy' } }) }));
    await openPage(page, `/u/${forbidden}`, lang);
    await gallery(page).setInputFiles(smallJpeg(LONG_NAMES.ok));
    await expect(page.locator('.screen--problem .copy-details')).toBeVisible();
    await check('forbidden');
    await page.unrouteAll({ behavior: 'ignoreErrors' });

    // The network gone while a photo is on its way: the queue's offline line.
    const offline = await api.createSession({ label });
    await holdUploads();
    await openPage(page, `/u/${offline}`, lang);
    await gallery(page).setInputFiles([smallJpeg(LONG_NAMES.ok, { seed: 1 }), smallJpeg('extra-2-with-a-rather-long-name-to-wrap.jpg', { seed: 2 })]);
    await expect(items(page, 'uploading').first()).toBeVisible();
    await page.context().setOffline(true);
    await expect(page.locator('.queue-status__line')).toHaveText(CATALOGS[lang]['queue.offline']);
    await check('offline');
    await page.context().setOffline(false);
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    held.length = 0;

    // The camera refused (the page's own Permissions-Policy says camera=()): the message and the camera app.
    const refused = await api.createSession({ label });
    await page.route(`**/u/${refused}*`, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'permissions-policy': 'camera=()' } });
    });
    await openPage(page, `/u/${refused}`, lang);
    await page.locator('button.pick-button').click();
    const camera = page.locator('dialog.camera');
    await expect(camera.getByRole('alert')).toHaveText(CATALOGS[lang]['camera.refused']);
    await check('camera refused');
    await camera.locator('.camera__done').click();
    await page.unrouteAll({ behavior: 'ignoreErrors' });

    // End to end: encrypted; then, on a page without WebCrypto, sent without it (a downgrade) or refused.
    const publicKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const sealed = await api.createSession({ label, e2e_public_key: publicKey });
    await openPage(page, `/u/${sealed}`, lang);
    await expect(page.locator('.e2e-notice[data-e2e="encrypt"]')).toHaveText(CATALOGS[lang]['e2e.enabled']);
    await check('end-to-end');
    const noCrypto = await page.context().newPage();
    await noCrypto.addInitScript(() => Object.defineProperty(Crypto.prototype, 'subtle', { get: () => undefined }));
    for (const [name, allowDowngrade, key] of [
      ['end-to-end, downgraded', true, 'e2e.downgraded'],
      ['end-to-end, cannot encrypt', false, 'file.e2eUnavailable'],
    ] as const) {
      const id = await api.createSession({ label, e2e_public_key: publicKey, e2e_allow_downgrade: allowDowngrade });
      await openPage(noCrypto, `/u/${id}`, lang);
      await expect(noCrypto.locator('.e2e-notice')).toHaveText(CATALOGS[lang][key]);
      await check(name, noCrypto);
    }
    await noCrypto.close();

    // Last (its clock stays with the page): the session read failed once, retried: "Connection problem, retrying…".
    const retrying = await api.createSession({ label });
    await serveStaticShell(page, retrying);
    await page.route(/\/session$/, (route) => route.fulfill({ status: 503, contentType: 'text/html', body: '<h1>503 Service Unavailable</h1>' }));
    await page.clock.install();
    await page.goto(`/u/${retrying}?lang=${lang}`);
    await pageScriptStarted(page);
    await expect(page.locator('section[aria-busy="true"] .screen__status')).toHaveText(CATALOGS[lang]['error.connection']);
    await check('retrying');

    expect(problems, `text clipped or off screen in ${lang}`).toEqual({});
  });

  test(`desktop view in ${lang}: home, sessions list, a session with a photo, the problem screens`, async ({ page, browser, baseURL, api }, testInfo) => {
    // On the Pixel project the desk is a desktop browser; on the iPhone project, the desk page opened on a phone.
    const desk = testInfo.project.name === 'pixel-7' ? await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } }) : undefined;
    try {
      const deskPage = desk !== undefined ? await desk.newPage() : page;
      const problems: Record<string, unknown> = {};
      const check = async (name: string) => {
        const found = await checkScreen(deskPage, testInfo, `${lang} desk ${name}`);
        if (found.length > 0) problems[name] = found;
      };
      const label = lang === 'ar' ? 'مكتب المطالبات — صور الحادث رقم 2024-000123456' : '請求窓口 — 事故写真 第2024-000123456号';
      const id = await api.createSession({ max_images: 3, label });

      await deskPage.goto(`/?lang=${lang}`);
      await expect(deskPage.getByRole('heading').first()).toBeVisible();
      await expect(deskPage.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
      await check('key missing');

      await deskPage.goto(`/?lang=${lang}#key=${E2E_API_KEY}`);
      await expect(h1(deskPage)).toBeVisible();
      await expect(deskPage.getByText(label).first()).toBeVisible();
      await check('sessions');

      await deskPage.goto(`/s/${id}?lang=${lang}#key=${E2E_API_KEY}`);
      await expect(h1(deskPage)).toHaveText(label);
      await expect(deskPage.locator('img').first()).toBeVisible();
      await check('session, waiting');
      // A link reads left to right in every language: in Arabic too, the field shows its start (http…).
      expect(await deskPage.locator('.desk-link__field').evaluate((field) => getComputedStyle(field).direction)).toBe('ltr');
      await api.uploadDirect(id, smallJpeg(LONG_NAMES.ok));
      await expect(deskPage.getByRole('img', { name: LONG_NAMES.ok })).toBeVisible();
      await check('session, a photo');

      // The desk's problem screens: a path it does not know, a key the server refuses, a session of another key
      // (a 403, answered here: the tests have one key), a session that does not exist.
      await deskPage.goto(`/s/not-a-session?lang=${lang}#key=${E2E_API_KEY}`);
      await expect(deskPage.locator('.screen--problem')).toBeVisible();
      await check('unknown route');
      await deskPage.goto(`/?lang=${lang}#key=aptr_test_rejected000000000000`);
      await expect(h1(deskPage)).toHaveText(DESKTOP_CATALOGS[lang]['desktop.keyRejected.title']);
      await check('key rejected');
      const other = await api.createSession({ label });
      await deskPage.route(`**/api/v1/upload-sessions/${other}**`, (route) =>
        route.fulfill({ status: 403, contentType: 'application/json', body: envelope(403, 'Forbidden', 'This session belongs to another API key.') }),
      );
      await deskPage.goto(`/s/${other}?lang=${lang}#key=${E2E_API_KEY}`);
      await expect(h1(deskPage)).toHaveText(CATALOGS[lang]['error.forbidden']);
      await check('other key');
      await deskPage.goto(`/s/${randomUUID()}?lang=${lang}#key=${E2E_API_KEY}`);
      await expect(h1(deskPage)).toHaveText(CATALOGS[lang]['error.sessionNotFound']);
      await check('not found');

      expect(problems, `text clipped or off screen in ${lang} (desk)`).toEqual({});
    } finally {
      await desk?.close();
    }
  });
}

test('the checker reports clipped text, text off screen and sideways scrolling, and passes a page that fits', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 640 });
  await page.setContent(`<!doctype html><html dir="rtl"><head><meta name="viewport" content="width=device-width, initial-scale=1"></head><body style="margin:0">
    <p style="width:200px;overflow:hidden">短いテキスト</p>
    <p style="overflow-wrap:anywhere">IMG_20240611_184512345_HDR_PORTRAIT_EFFECT_FRONT_CAMERA_0001.jpg</p>
    <span style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap">Only for screen readers, and long</span>
  </body></html>`);
  expect(await page.evaluate(findLayoutProblems, screenWidth(page))).toEqual([]);
  // The isolation check: a name in a sentence without <bdi> or U+2068…U+2069 is reported; isolated, or alone, it passes.
  const name = '2024-06 (1).jpg';
  await page.evaluate((value) => {
    const probe = document.createElement('div');
    probe.id = 'bidi-probe';
    probe.innerHTML = `<p>${value}</p><p>إزالة <bdi>${value}</bdi></p><button aria-label="إزالة \u2068${value}\u2069">x</button>`;
    document.body.append(probe);
  }, name);
  expect(await page.evaluate(findUnisolatedText, [name])).toEqual([]);
  await page.evaluate((value) => {
    const probe = document.getElementById('bidi-probe');
    if (probe !== null) probe.innerHTML = `<p>إزالة ${value}</p><button aria-label="إزالة ${value}">x</button>`;
  }, name);
  expect(await page.evaluate(findUnisolatedText, [name])).toEqual([
    `text "إزالة ${name}" holds "${name}" without <bdi>`,
    `button aria-label="إزالة ${name}" holds "${name}" without U+2068…U+2069`,
  ]);
  await page.evaluate((value) => {
    const probe = document.getElementById('bidi-probe');
    if (probe !== null) probe.innerHTML = `<p class="row" style="display:flex">إزالة <bdi>${value}</bdi></p>`;
  }, name);
  expect(await page.evaluate(findUnisolatedText, [name])).toEqual([`<bdi> "${name}" is a flex item of p.row: out of its sentence's line`]);
  await page.evaluate(() => document.getElementById('bidi-probe')?.remove());
  // The missing-font note: Latin letters have a font everywhere, a private-use character nowhere.
  expect(await drawsWithRealGlyphs(page, 'Photo')).toBe(true);
  expect(await drawsWithRealGlyphs(page, '\uE001\uE002')).toBe(false);

  const add = (css: string, text: string) =>
    page.evaluate(([style, content]) => {
      const element = document.createElement('p');
      element.style.cssText = style;
      element.textContent = content;
      document.body.append(element);
    }, [css, text] as const);
  const found = async () => (await page.evaluate(findLayoutProblems, screenWidth(page))).map((problem) => `${problem.problem} ${problem.what}`);

  await add('width:120px;overflow:hidden;white-space:nowrap', 'A very long file name that cannot fit.jpg');
  await add('width:120px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap', 'IMG_20240611_184512345_HDR.jpg');
  await add('width:120px;height:1.2em;overflow:hidden', 'ممر طويل جدا يلتف على عدة أسطر في صندوق ضيق');
  await add('width:120px', 'استُلمت صورة: IMG_20240611_184512345.jpg');
  expect(await found()).toEqual([
    'clipped p "A very long file name that cannot fit.jpg"',
    'clipped p "IMG_20240611_184512345_HDR.jpg"',
    'clipped p "ممر طويل جدا يلتف على عدة أسطر في صندوق ضيق"',
    'overflowing p "استُلمت صورة: IMG_20240611_184512345.jpg"',
  ]);

  // A line that does not wrap runs off the left edge (right to left): the page scrolls sideways. (A phone
  // then widens its layout to fit, which moves everything else off the screen too.)
  await add('width:max-content;white-space:nowrap', 'صور المطالبة رقم 2024-000123456 — أضرار المياه في المطبخ والحمام');
  expect(await found()).toEqual(
    expect.arrayContaining(['outside-viewport p "صور المطالبة رقم 2024-000123456 — أضرار المياه في المطبخ وال"', 'document-scrolls-sideways html']),
  );
});
