import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en';
import { es } from '../../src/i18n/es';
import { fr } from '../../src/i18n/fr';
import { distApps } from '../test/dist-apps';
import type { TestApp } from '../test/helpers';
import { addImages, createSession } from '../test/sessions';
import { LANGUAGE_COOKIE } from '../../src/i18n/remembered-language';
import { LANGUAGE_COOKIE as SERVER_LANGUAGE_COOKIE } from './accept-header';
import { SSR_ENTRY } from './ssr-bundle';

/**
 * `/u/{id}` rendered on the server: the real page code (src/entry-server.tsx, loaded through a dist/server entry
 * the way the build's is) and the real index.html, against sessions made through the API.
 */

const INDEX_HTML = fs.readFileSync(path.resolve('index.html'), 'utf8');
/** What the build's dist/server/entry-server.js is, minus the bundling. */
const REAL_ENTRY = `export { renderPage } from ${JSON.stringify(path.resolve('src/entry-server.tsx'))};\n`;
const DATA_BLOCK = /<script type="application\/json" id="qrdrop-page-data">([^<]*)<\/script>/;
const SHELL_LOADING = 'screen--loading';

const apps = distApps();
afterEach(() => apps.closeAll());

/** The real index.html and, unless null, an SSR entry at the build's place. */
function appWithDist(entry: string | null = REAL_ENTRY): Promise<TestApp> {
  return apps.start({ 'index.html': INDEX_HTML, ...(entry === null ? {} : { [SSR_ENTRY]: entry }) });
}

async function getPage(app: TestApp['app'], url: string, headers: Record<string, string> = {}) {
  const response = await app.inject({ method: 'GET', url, headers });
  expect(response.statusCode).toBe(200);
  return response;
}

const heading = (html: string) => /<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1];
const dataBlock = (html: string): unknown => JSON.parse(DATA_BLOCK.exec(html)?.[1] ?? 'null');

describe('GET /u/:uuid, server-rendered', () => {
  it('puts the ready screen in the HTML, with the read the page would make and the server time', async () => {
    const { app } = await appWithDist();
    const { id } = await createSession(app, { max_images: 5 });
    await addImages(app, id, 2);
    const read = (await app.inject({ method: 'GET', url: `/api/v1/upload/${id}/session` })).json<unknown>();
    const before = app.qrdrop.now();
    const { body, headers } = await getPage(app, `/u/${id}`);
    expect(heading(body)).toBe(en['ready.heading']);
    // The values put into a sentence are isolated, so a right-to-left sentence leaves their order alone (rich-message.tsx).
    expect(body).toContain('<p class="hint"><bdi>JPEG, PNG, WebP, or HEIC</bdi>, up to <bdi>20 MB</bdi> each.');
    expect(body).toContain(en['ready.resized']);
    expect(body).toContain('3 of 5 photos left');
    expect(body).toContain(`<span>${en['picker.takePhoto']}</span>`);
    expect(body).not.toContain(SHELL_LOADING);
    expect(body).not.toContain('<!--shell-start-->');
    expect(body).toContain('<html lang="en">');
    expect(body).toContain(`<title>${en['app.title']}</title>`);
    const data = dataBlock(body);
    expect(data).toMatchObject({ lang: 'en', session: read });
    const serverTime = Date.parse((data as { serverTime: string }).serverTime);
    expect(serverTime).toBeGreaterThanOrEqual(before);
    expect(serverTime).toBeLessThanOrEqual(app.qrdrop.now());
    // Still the page's headers.
    expect(headers['cache-control']).toBe('no-store');
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    // Only WebAssembly (the HEIC decoder) beyond the page's own scripts: nothing else unsafe.
    expect(String(headers['content-security-policy']).replace("'wasm-unsafe-eval'", '')).not.toContain('unsafe');
  });

  it('puts the boot script’s status line after #root: an empty live region holding the language’s forms of its sentence', async () => {
    const { app } = await appWithDist();
    const { id } = await createSession(app);
    const { body } = await getPage(app, `/u/${id}?lang=es`);
    const forms = es['boot.received'];
    const line = `<p id="qrdrop-boot-status" class="boot-status" role="status" aria-live="polite" aria-atomic="true" data-one="${forms.one}" data-other="${forms.other}"></p>`;
    expect(body).toContain(line);
    // Outside what React hydrates: after the end of #root, before the data block.
    expect(body.indexOf(line)).toBeGreaterThan(body.lastIndexOf(`<span>${es['picker.choosePhotos']}</span>`));
    expect(body.indexOf(line)).toBeLessThan(body.indexOf('<script type="application/json"'));
  });

  it('speaks the language of ?lang=, else of Accept-Language in order of preference, else English', async () => {
    const { app } = await appWithDist();
    const { id } = await createSession(app);
    const cases: { url: string; headers: Record<string, string>; lang: string; catalog: typeof en | typeof fr }[] = [
      { url: `/u/${id}`, headers: { 'accept-language': 'fr-CA,fr;q=0.9,en;q=0.5' }, lang: 'fr', catalog: fr },
      { url: `/u/${id}`, headers: { 'accept-language': 'ko-KR, en;q=0.2, es;q=0.8' }, lang: 'es', catalog: es },
      { url: `/u/${id}?lang=es`, headers: { 'accept-language': 'fr' }, lang: 'es', catalog: es },
      { url: `/u/${id}?lang=FR`, headers: {}, lang: 'fr', catalog: fr },
      // The switcher's cookie comes before Accept-Language, after ?lang=.
      { url: `/u/${id}`, headers: { cookie: `a=b; ${LANGUAGE_COOKIE}=es`, 'accept-language': 'fr' }, lang: 'es', catalog: es },
      { url: `/u/${id}?lang=fr`, headers: { cookie: `${LANGUAGE_COOKIE}=es` }, lang: 'fr', catalog: fr },
      { url: `/u/${id}`, headers: { cookie: `${LANGUAGE_COOKIE}=<b>`, 'accept-language': 'fr' }, lang: 'fr', catalog: fr },
      { url: `/u/${id}?lang=ko`, headers: { 'accept-language': 'ko, fr;q=0' }, lang: 'en', catalog: en },
    ];
    for (const { url, headers, lang, catalog } of cases) {
      const { body } = await getPage(app, url, headers);
      expect(heading(body), `${url} ${JSON.stringify(headers)}`).toBe(catalog['ready.heading']);
      expect(body).toContain(catalog['ready.resized']);
      expect(body).toContain(`<html lang="${lang}">`);
      expect(body).toContain(`<title>${catalog['app.title']}</title>`);
      expect(dataBlock(body)).toMatchObject({ lang });
    }
  });

  it('reads the cookie the page writes', () => {
    expect(SERVER_LANGUAGE_COOKIE).toBe(LANGUAGE_COOKIE);
  });

  it('forces the colour scheme asked for, as the page would', async () => {
    const { app } = await appWithDist();
    const { id } = await createSession(app);
    expect((await getPage(app, `/u/${id}?colorScheme=dark`)).body).toContain('<html lang="en" data-color-scheme="dark">');
    expect((await getPage(app, `/u/${id}?colorScheme=purple`)).body).toContain('<html lang="en">');
  });

  it('renders the screen of each session state', async () => {
    const test = await appWithDist();
    const { app } = test;
    const completed = await createSession(app);
    await app.inject({ method: 'POST', url: `/api/v1/upload-sessions/${completed.id}/complete`, headers: { authorization: 'Bearer aptr_test_0123456789abcdef0123' } });
    const full = await createSession(app, { max_images: 1 });
    await addImages(app, full.id, 1);
    const locked = await createSession(app, { password: 'blue-heron-42' });
    const expiring = await createSession(app, { expires_at: new Date(app.qrdrop.now() + 60_000).toISOString() });
    test.advance(61_000);

    expect(heading((await getPage(app, `/u/${completed.id}`)).body)).toBe(en['error.sessionCompleted']);
    expect(heading((await getPage(app, `/u/${full.id}`)).body)).toBe(en['error.sessionFull']);
    expect(heading((await getPage(app, `/u/${expiring.id}`)).body)).toBe(en['error.sessionExpired']);
    // The password form is a chunk of its own, fetched by the page: until then, the loading screen, with the data.
    const protectedPage = (await getPage(app, `/u/${locked.id}`)).body;
    expect(protectedPage).toContain(SHELL_LOADING);
    expect(protectedPage).not.toContain('blue-heron');
    expect(dataBlock(protectedPage)).toMatchObject({ session: { id: locked.id, password_protected: true } });
  });

  it('escapes what the integrator wrote, in the markup and in the data block', async () => {
    const { app } = await appWithDist();
    const label = '</script><script>alert(1)</script> & <!-- \u2028 \u2029 end';
    const { id } = await createSession(app, { label });
    const { body } = await getPage(app, `/u/${id}`);
    expect(body).not.toContain('<script>alert(1)');
    expect(body.match(/<\/script>/g)).toHaveLength(2); // the module script's and the data block's own
    expect(heading(body)).toBe('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!-- \u2028 \u2029 end');
    expect(body).toContain('<title>&#60;/script&#62;&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#60;!-- \u2028 \u2029 end</title>');
    const block = DATA_BLOCK.exec(body)?.[1] ?? '';
    expect(block).not.toMatch(/[<>&\u2028\u2029]/);
    // The data block reads back as the exact label.
    expect(dataBlock(body)).toMatchObject({ session: { label } });
  });

  it('compresses the rendered page when the client accepts it', async () => {
    const { app } = await appWithDist();
    const { id } = await createSession(app);
    const br = await app.inject({ method: 'GET', url: `/u/${id}`, headers: { 'accept-encoding': 'gzip, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('accept-encoding');
    expect(heading(zlib.brotliDecompressSync(br.rawPayload).toString('utf8'))).toBe(en['ready.heading']);
    const gz = await app.inject({ method: 'GET', url: `/u/${id}`, headers: { 'accept-encoding': 'gzip, br;q=0' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(heading(zlib.gunzipSync(gz.rawPayload).toString('utf8'))).toBe(en['ready.heading']);
  });
});

describe('GET /u/:uuid, static shell', () => {
  it('sends index.html unchanged for a malformed or unknown id, so the page asks (once) itself', async () => {
    const { app } = await appWithDist();
    for (const id of ['not-a-session', '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b']) {
      expect((await getPage(app, `/u/${id}`)).body).toBe(INDEX_HTML);
    }
  });

  it('sends index.html unchanged when there is no server-side build', async () => {
    const { app } = await appWithDist(null);
    const { id } = await createSession(app);
    expect((await getPage(app, `/u/${id}`)).body).toBe(INDEX_HTML);
  });

  it('sends index.html unchanged, never a 5xx, when the server-side render fails or is not what the server expects', async () => {
    for (const entry of [
      'export function renderPage() { throw new Error("broken build"); }\n',
      'export function renderPage() { return { html: 42 }; }\n',
      'export const somethingElse = 1;\n',
      'this is not JavaScript\n',
    ]) {
      const { app } = await appWithDist(entry);
      const { id } = await createSession(app);
      expect((await getPage(app, `/u/${id}`)).body, entry).toBe(INDEX_HTML);
      await apps.closeAll();
    }
  });

  it('never serves the server-side build as a file', async () => {
    const { app } = await appWithDist();
    for (const url of [`/${SSR_ENTRY}`, '/server/', '/server/../server/entry-server.js']) {
      expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(404);
    }
  });
});
