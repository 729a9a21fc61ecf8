import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { distApps } from '../test/dist-apps';
import type { TestApp } from '../test/helpers';

const SESSION_ID = '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b';
const INDEX_HTML = '<!doctype html><html><head><script type="module" src="/assets/index-3a9f1c.js"></script></head><body></body></html>';

const apps = distApps();
afterEach(() => apps.closeAll());
const appWithDist = (files: Record<string, string>) => apps.start(files);

describe('GET /u/:uuid', () => {
  it('serves the built page with a strict CSP and no Referer, for any id', async () => {
    const { app } = await appWithDist({ 'index.html': INDEX_HTML });
    for (const id of [SESSION_ID, 'not-a-session']) {
      const response = await app.inject({ method: 'GET', url: `/u/${id}?lang=fr` });
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe(INDEX_HTML);
      expect(response.headers).toMatchObject({
        'content-type': 'text/html; charset=utf-8',
        'referrer-policy': 'no-referrer',
        'x-content-type-options': 'nosniff',
        'x-robots-tag': 'noindex',
        'permissions-policy': 'camera=(self), microphone=(), geolocation=()',
        'cache-control': 'no-store',
      });
      const csp = String(response.headers['content-security-policy']);
      for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "img-src 'self' blob: data:", "worker-src 'self' blob:"]) {
        expect(csp).toContain(directive);
      }
      expect(csp).not.toMatch(/https?:/);
      // WebAssembly may be compiled (the HEIC decoder), and nothing else unsafe: no eval, no inline script.
      expect(csp.split('; ')).toContain("script-src 'self' 'wasm-unsafe-eval'");
      expect(csp.replace("'wasm-unsafe-eval'", '')).not.toContain('unsafe');
    }
  });

  it('lets only the phone page compile WebAssembly (the HEIC decoder), built or not; the desktop view may not', async () => {
    const built = await appWithDist({ 'index.html': INDEX_HTML, 'desktop.html': '<!doctype html><html><head></head><body></body></html>' });
    const scriptSrc = (headers: Record<string, unknown>) => String(headers['content-security-policy']).split('; ').find((directive) => directive.startsWith('script-src'));
    expect(scriptSrc((await built.app.inject({ method: 'GET', url: `/u/${SESSION_ID}` })).headers)).toBe("script-src 'self' 'wasm-unsafe-eval'");
    const desktop = await built.app.inject({ method: 'GET', url: `/s/${SESSION_ID}` });
    expect(desktop.statusCode).toBe(200);
    expect(scriptSrc(desktop.headers)).toBe("script-src 'self'");
    const notBuilt = await appWithDist({});
    const page = await notBuilt.app.inject({ method: 'GET', url: `/u/${SESSION_ID}` });
    expect(page.statusCode).toBe(503);
    expect(scriptSrc(page.headers)).toBe("script-src 'self' 'wasm-unsafe-eval'");
  });

  it('lets the phone page use the camera of its own origin only, and the desktop view no camera at all', async () => {
    const { app } = await appWithDist({ 'index.html': INDEX_HTML, 'desktop.html': '<!doctype html><html><head></head><body></body></html>' });
    const phone = await app.inject({ method: 'GET', url: `/u/${SESSION_ID}` });
    const policy = String(phone.headers['permissions-policy']).split(', ');
    // Not camera=* nor an origin list: a page framing this one gets the camera only through its own allow="camera".
    expect(policy).toContain('camera=(self)');
    expect(policy).toEqual(expect.arrayContaining(['microphone=()', 'geolocation=()']));
    const desktop = await app.inject({ method: 'GET', url: `/s/${SESSION_ID}` });
    expect(desktop.statusCode).toBe(200);
    expect(String(desktop.headers['permissions-policy']).split(', ')).toContain('camera=()');
  });

  it('allows the inline stylesheet of the build by its SHA-256, and nothing else inline', async () => {
    const css = 'body{margin:0}.page{display:grid}';
    const html = `<!doctype html><html><head><style>${css}</style></head><body><style>p{color:red}</style></body></html>`;
    const { app } = await appWithDist({ 'index.html': html });
    const response = await app.inject({ method: 'GET', url: `/u/${SESSION_ID}` });
    const hash = createHash('sha256').update(css).digest('base64');
    const styleSrc = String(response.headers['content-security-policy']).split('; ').find((directive) => directive.startsWith('style-src'));
    // The head's <style> only: a <style> in the body (where rendered content lives) gets no hash.
    expect(styleSrc).toBe(`style-src 'self' 'sha256-${hash}'`);
  });

  it('serves a plain "not built" page when dist/index.html is missing', async () => {
    const { app } = await appWithDist({});
    const response = await app.inject({ method: 'GET', url: `/u/${SESSION_ID}` });
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('npm run build');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
  });
});

describe('built files', () => {
  it('caches hashed assets for a year and other files only with revalidation', async () => {
    const { app } = await appWithDist({ 'index.html': INDEX_HTML, 'assets/index-3a9f1c.js': 'console.log(1)', 'favicon.svg': '<svg/>' });
    const asset = await app.inject({ method: 'GET', url: '/assets/index-3a9f1c.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['x-content-type-options']).toBe('nosniff');
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('never serves index.html by its own name (only /u/:uuid does, with the page headers), nor anything outside dist', async () => {
    const { app } = await appWithDist({ 'index.html': INDEX_HTML });
    expect((await app.inject({ method: 'GET', url: '/index.html' })).statusCode).toBe(404);
    const escape = await app.inject({ method: 'GET', url: '/..%2F..%2Fetc%2Fpasswd' });
    expect([403, 404]).toContain(escape.statusCode);
    expect(escape.body).not.toContain('root:');
  });

  it('answers unknown paths with the JSON 404, carrying the headers every response has', async () => {
    const { app } = await appWithDist({});
    const response = await app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
    expect(response.headers).toMatchObject({ 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff' });
  });
});

describe('precompressed page and assets', () => {
  const ASSET = `console.log(${JSON.stringify('x'.repeat(4000))});`;

  async function appWithCompressedCopies(): Promise<TestApp> {
    const files: Record<string, string | Buffer> = { 'index.html': INDEX_HTML, 'assets/index-3a9f1c.js': ASSET };
    for (const [name, source] of Object.entries(files)) {
      files[`${name}.br`] = zlib.brotliCompressSync(source);
      files[`${name}.gz`] = zlib.gzipSync(source);
    }
    return apps.start(files);
  }

  it('sends the brotli or gzip copy the client accepts, and the plain file otherwise', async () => {
    const { app } = await appWithCompressedCopies();
    const br = await app.inject({ method: 'GET', url: `/u/${SESSION_ID}`, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('accept-encoding');
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(INDEX_HTML);

    const gz = await app.inject({ method: 'GET', url: `/u/${SESSION_ID}`, headers: { 'accept-encoding': 'gzip, br;q=0' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(INDEX_HTML);

    const plain = await app.inject({ method: 'GET', url: `/u/${SESSION_ID}`, headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(INDEX_HTML);

    const asset = await app.inject({ method: 'GET', url: '/assets/index-3a9f1c.js', headers: { 'accept-encoding': 'br' } });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-encoding']).toBe('br');
    expect(asset.headers['content-type']).toContain('javascript');
    expect(zlib.brotliDecompressSync(asset.rawPayload).toString()).toBe(ASSET);
  });
});
