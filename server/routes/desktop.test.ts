import { afterEach, describe, expect, it } from 'vitest';
import { distApps } from '../test/dist-apps';

describe('desktop view routes', () => {
  const apps = distApps();
  afterEach(() => apps.closeAll());
  const withDist = (files: Record<string, string>) => apps.start(files);

  it.each(['/', '/s/6f1c2a4e-8b7d-4c3a-9e2f-1a2b3c4d5e6f'])('serves the desktop page at %s, unframeable and uncached', async (url) => {
    const { app } = await withDist({ 'desktop.html': '<!doctype html><title>desk</title>', 'index.html': '<!doctype html><title>phone</title>' });
    const response = await app.inject({ url });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<title>desk</title>');
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  it('does not serve the built file under its own name, and says when the page is not built', async () => {
    const built = await withDist({ 'desktop.html': '<!doctype html>' });
    expect((await built.app.inject({ url: '/desktop.html' })).statusCode).toBe(404);
    await apps.closeAll();

    const empty = await withDist({});
    const response = await empty.app.inject({ url: '/' });
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('npm run build');
  });
});
