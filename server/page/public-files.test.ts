import fs from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { distApps } from '../test/dist-apps';

/**
 * public/ holds the page's icons and web manifest; the build copies it into dist, and the server serves dist.
 * Here the real public/ files in a throw-away dist, with the real index.html and desktop.html that name them.
 */

const PUBLIC_DIR = path.resolve('public');
const publicFiles = Object.fromEntries(fs.readdirSync(PUBLIC_DIR).map((name) => [name, fs.readFileSync(path.join(PUBLIC_DIR, name))]));
const INDEX_HTML = fs.readFileSync(path.resolve('index.html'), 'utf8');
const DESKTOP_HTML = fs.readFileSync(path.resolve('desktop.html'), 'utf8');

const Manifest = v.object({
  name: v.pipe(v.string(), v.minLength(1)),
  short_name: v.string(),
  theme_color: v.pipe(v.string(), v.regex(/^#[0-9a-f]{6}$/i)),
  background_color: v.string(),
  start_url: v.string(),
  icons: v.pipe(v.array(v.object({ src: v.string(), sizes: v.string(), type: v.string() })), v.minLength(1)),
});

const apps = distApps();
afterEach(() => apps.closeAll());
const start = () => apps.start({ 'index.html': INDEX_HTML, 'desktop.html': DESKTOP_HTML, ...publicFiles });

describe('public/: icons and manifest', () => {
  it('answers /favicon.ico with an icon, not a 404', async () => {
    const { app } = await start();
    const response = await app.inject({ method: 'GET', url: '/favicon.ico' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^image\//);
    // An ICO directory (reserved 0, type 1) holding at least one image.
    const body = response.rawPayload;
    expect([body.readUInt16LE(0), body.readUInt16LE(2), body.readUInt16LE(4) > 0]).toEqual([0, 1, true]);
  });

  it('serves a manifest with the name and theme colour, and every icon it lists with its type', async () => {
    const { app } = await start();
    const response = await app.inject({ method: 'GET', url: '/manifest.webmanifest' });
    expect(response.statusCode).toBe(200);
    const manifest = v.parse(Manifest, JSON.parse(response.body));
    expect(manifest.name).toContain('qrdrop');
    for (const icon of manifest.icons) {
      expect(icon.src.startsWith('/'), `${icon.src} is on this server`).toBe(true);
      const file = await app.inject({ method: 'GET', url: icon.src });
      expect(file.statusCode, icon.src).toBe(200);
      expect(file.headers['content-type'], icon.src).toContain(icon.type);
    }
  });

  it('is named by both pages with same-origin links only, which their CSP allows', async () => {
    const { app } = await start();
    for (const html of [INDEX_HTML, DESKTOP_HTML]) {
      const links = [...html.matchAll(/<link rel="(icon|manifest|apple-touch-icon)" href="([^"]+)"/g)].map((m) => m[2] ?? '');
      expect(links).toEqual(expect.arrayContaining(['/favicon.ico', '/manifest.webmanifest']));
      for (const href of links) {
        expect(href).toMatch(/^\/[\w.-]+$/);
        expect((await app.inject({ method: 'GET', url: href })).statusCode, href).toBe(200);
      }
    }
    const page = await app.inject({ method: 'GET', url: '/u/not-a-session' });
    const csp = String(page.headers['content-security-policy']);
    // Icons are images of this origin; the manifest falls under default-src.
    expect(csp).toMatch(/img-src 'self'/);
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).not.toMatch(/manifest-src/);
  });
});
