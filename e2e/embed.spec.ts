import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { E2E_API_KEY } from '../playwright.config';
import { makePhotoJpeg } from './support/photos';

interface Received {
  origin: string;
  data: { type: string; data: unknown };
}

/** An integrator's page on its own origin (another port of 127.0.0.1), embedding the upload page. */
async function startIntegratorPage(frameUrlFor: (origin: string) => string): Promise<{ origin: string; close: () => Promise<void> }> {
  let origin = '';
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><html lang="en"><title>Integrator</title>
      <script>window.received = []; addEventListener('message', (e) => window.received.push({ origin: e.origin, data: e.data }));</script>
      <iframe title="Send photos" src="${frameUrlFor(origin)}" width="400" height="700"></iframe></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

test('embedded in an iframe, the page tells its parent about each photo and the end of the session', async ({ page, request, baseURL }) => {
  const created = await request.post('/api/v1/upload-sessions', {
    headers: { authorization: `Bearer ${E2E_API_KEY}` },
    data: { max_images: 1 },
  });
  const session = (await created.json()) as { id: string };
  const integrator = await startIntegratorPage((origin) => `${baseURL ?? ''}/u/${session.id}?parentOrigin=${encodeURIComponent(origin)}`);
  try {
    await page.goto(integrator.origin);
    const frame = page.frameLocator('iframe[title="Send photos"]');
    await frame.getByLabel('Choose photos').setInputFiles({ name: 'claim.jpg', mimeType: 'image/jpeg', buffer: makePhotoJpeg({ width: 320, height: 240 }) });

    const received = () => page.evaluate(() => (window as unknown as { received: Received[] }).received);
    await expect.poll(async () => (await received()).map((message) => message.data.type)).toEqual(['apertur:image:received', 'apertur:session:complete']);
    expect((await received())[0]).toEqual({
      origin: new URL(baseURL ?? '').origin,
      data: { type: 'apertur:image:received', data: { sessionId: session.id, imageId: expect.any(String), filename: 'claim.jpg', size: expect.any(Number) } },
    });
  } finally {
    await integrator.close();
  }
});
