import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { distApps } from '../test/dist-apps';
import type { TestApp } from '../test/helpers';
import { createSession } from '../test/sessions';
import { bootScriptPreload } from './page-headers';
import { SSR_ENTRY } from './ssr-bundle';

/**
 * The headers `/u/{id}` derives from its HTML, on a build laid out as `vite build` lays it out: the boot script
 * first in the head (vite-plugins/boot-script.ts), then the main bundle, both hashed under assets/.
 */

const BOOT = 'assets/boot-Ab12Cd34.js';
const MAIN = 'assets/main-Ef56Gh78.js';
const BUILT_INDEX_HTML = fs
  .readFileSync(path.resolve('index.html'), 'utf8')
  .replace('<script type="module" src="/src/main.tsx"></script>', '')
  .replace('</head>', `<script type="module" src="/${BOOT}"></script>\n<script type="module" crossorigin src="/${MAIN}"></script>\n</head>`);
const REAL_ENTRY = `export { renderPage } from ${JSON.stringify(path.resolve('src/entry-server.tsx'))};\n`;

const apps = distApps();
afterEach(() => apps.closeAll());

function builtApp(serverRender: boolean): Promise<TestApp> {
  return apps.start({
    'index.html': BUILT_INDEX_HTML,
    [BOOT]: 'window.qrdropBoot = null;\n',
    [MAIN]: 'export {};\n',
    ...(serverRender ? { [SSR_ENTRY]: REAL_ENTRY } : {}),
  });
}

/** The URL a `Link: <…>; rel=preload; …` header names, and its parameters. */
function parseLink(header: unknown): { url: string; params: string[] } {
  const [target = '', ...params] = String(header).split(';').map((part) => part.trim());
  return { url: /^<([^>]+)>$/.exec(target)?.[1] ?? '', params };
}

describe('GET /u/:uuid: the boot script preloaded with the headers', () => {
  it.each([
    ['server-rendered', true],
    ['static shell', false],
  ])('%s: names the boot script the HTML loads first, a file that is served and that the CSP allows', async (_name, serverRender) => {
    const { app } = await builtApp(serverRender);
    const { id } = await createSession(app, { max_images: 5 });
    const page = await app.inject({ method: 'GET', url: `/u/${id}` });
    expect(page.statusCode).toBe(200);
    // The server-rendered page has the screen in place of the shell's loading spinner.
    expect(page.body.includes('screen--loading')).toBe(!serverRender);

    const link = parseLink(page.headers.link);
    expect(link.url).toBe(`/${BOOT}`);
    expect(link.params).toEqual(['rel=preload', 'as=script', 'crossorigin']);
    // The same script the HTML loads first, so the browser's fetch of it takes the preload.
    expect(/<script\b[^>]*\bsrc="([^"]+)"/.exec(page.body)?.[1]).toBe(link.url);

    const script = await app.inject({ method: 'GET', url: link.url });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);

    // Same origin, and script-src allows the page's own scripts ('self') and nothing inline.
    expect(link.url).toMatch(/^\/[^/]/);
    const scriptSrc = String(page.headers['content-security-policy'])
      .split('; ')
      .find((directive) => directive.startsWith('script-src '));
    expect(scriptSrc?.split(' ')).toContain("'self'");
    expect(scriptSrc).not.toContain('unsafe-inline');
  });
});

describe('bootScriptPreload', () => {
  it('takes the first module script of the head only, and only a path of this origin', () => {
    expect(bootScriptPreload('<html><head><title>x</title></head><body><script type="module" src="/late.js"></script></body></html>')).toBeNull();
    expect(bootScriptPreload('<html><head><script type="module" src="//cdn.example/boot.js"></script></head></html>')).toBeNull();
    expect(bootScriptPreload('<html><head><script type="module" src="https://cdn.example/boot.js"></script></head></html>')).toBeNull();
    expect(bootScriptPreload('<html><head><script type="module" src="/a.js"></script><script type="module" src="/b.js"></script></head></html>')).toBe(
      '</a.js>; rel=preload; as=script; crossorigin',
    );
  });
});
