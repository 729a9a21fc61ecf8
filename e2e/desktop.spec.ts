import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { E2E_API_KEY } from '../playwright.config';
import { makePhotoJpeg } from './support/photos';
import { isolate } from '../src/i18n/isolate';

/**
 * The handoff end to end: the desk shows the session's QR code; the emulated phone sends a photo through the
 * real page; the photo appears on the desk, live, with its download button.
 */
test('a photo sent from the phone appears on the desktop view', async ({ page, browser, request, baseURL }) => {
  const created = await request.post('/api/v1/upload-sessions', {
    headers: { authorization: `Bearer ${E2E_API_KEY}` },
    data: { max_images: 3, label: 'Desk test' },
  });
  expect(created.status()).toBe(201);
  const session = (await created.json()) as { id: string };

  const desk = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  try {
    const deskPage = await desk.newPage();
    await deskPage.goto(`/s/${session.id}#key=${E2E_API_KEY}`);
    await expect(deskPage.getByRole('heading', { level: 1, name: 'Desk test' })).toBeVisible();
    await expect(deskPage.getByRole('img', { name: 'QR code of the upload link' })).toBeVisible();
    await expect(deskPage.getByLabel('Or open this link on the phone')).toHaveValue(new RegExp(`/u/${session.id}$`));
    await expect(deskPage.getByText('3 more photos can be sent')).toBeVisible();
    await expect(deskPage.getByText('Photos will appear here as soon as the phone sends them.')).toBeVisible();
    // The key left the address bar as soon as the page had it.
    expect(deskPage.url()).not.toContain(E2E_API_KEY);

    await page.goto(`/u/${session.id}`);
    await page.getByLabel('Choose photos').setInputFiles({
      name: 'desk-photo.jpg',
      mimeType: 'image/jpeg',
      buffer: makePhotoJpeg({ width: 640, height: 480 }),
    });

    await expect(deskPage.getByRole('img', { name: 'desk-photo.jpg' })).toBeVisible();
    await expect(deskPage.getByRole('link', { name: `Download ${isolate('desk-photo.jpg')}` })).toBeVisible();
    await expect(deskPage.getByRole('status').filter({ hasText: 'Photo received: desk-photo.jpg' })).toBeAttached();
    await expect(deskPage.getByText('2 more photos can be sent')).toBeVisible();

    // Usable with a screen reader and keyboard: no axe violations with a photo on screen.
    const audit = await new AxeBuilder({ page: deskPage }).analyze();
    expect(audit.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
  } finally {
    await desk.close();
  }
});

test('a protected session: the desk follows its live events with the access token, never the password', async ({ browser, request, baseURL }) => {
  const created = await request.post('/api/v1/upload-sessions', {
    headers: { authorization: `Bearer ${E2E_API_KEY}` },
    data: { max_images: 3, label: 'Protected desk', password: 'desk-pass' },
  });
  expect(created.status()).toBe(201);
  const session = (await created.json()) as { id: string };
  const desk = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  try {
    const deskPage = await desk.newPage();
    const streams: string[] = [];
    deskPage.on('request', (sent) => {
      if (sent.url().includes(`/api/v1/upload/${session.id}/events`)) streams.push(sent.url());
    });
    const opened = deskPage.waitForResponse((answer) => answer.url().includes(`/api/v1/upload/${session.id}/events`) && answer.status() === 200);
    await deskPage.goto(`/s/${session.id}#key=${E2E_API_KEY}`);
    await opened;
    const sent = await request.post(`/api/v1/upload/${session.id}/images`, {
      headers: { 'x-session-password': 'desk-pass' },
      multipart: { file: { name: 'protected-photo.jpg', mimeType: 'image/jpeg', buffer: makePhotoJpeg({ width: 64, height: 48 }) } },
    });
    expect(sent.status()).toBe(201);
    await expect(deskPage.getByRole('status').filter({ hasText: 'Photo received: protected-photo.jpg' })).toBeAttached();
    expect(streams.length).toBeGreaterThan(0);
    expect(streams.every((url) => /\?access=[\w-]+$/.test(url) && !url.includes('desk-pass'))).toBe(true);
  } finally {
    await desk.close();
  }
});

test('the home page lists the key’s sessions and starts a new one; without the key it says where to find it', async ({ browser, baseURL }) => {
  const desk = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  try {
    const deskPage = await desk.newPage();
    await deskPage.goto('/');
    await expect(deskPage.getByRole('heading', { name: 'Open the link printed by the server' })).toBeVisible();

    await deskPage.goto(`/#key=${E2E_API_KEY}`);
    await expect(deskPage.getByRole('heading', { level: 1, name: 'Upload sessions' })).toBeVisible();
    await deskPage.getByRole('button', { name: 'New session' }).click();
    await expect(deskPage).toHaveURL(/\/s\/[0-9a-f-]{36}$/);
    await expect(deskPage.getByRole('img', { name: 'QR code of the upload link' })).toBeVisible();
    const audit = await new AxeBuilder({ page: deskPage }).analyze();
    expect(audit.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
  } finally {
    await desk.close();
  }
});

test('a HEIC photo (stored as sent) gets a preview on the desk, decoded there with the WebAssembly decoder', async ({ page, browser, request, baseURL }) => {
  const created = await request.post('/api/v1/upload-sessions', {
    headers: { authorization: `Bearer ${E2E_API_KEY}` },
    data: { max_images: 3, label: 'Desk HEIC', allowed_mime_types: ['image/heic', 'image/jpeg'] },
  });
  expect(created.status()).toBe(201);
  const session = (await created.json()) as { id: string };
  const desk = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  try {
    const deskPage = await desk.newPage();
    await deskPage.goto(`/s/${session.id}#key=${E2E_API_KEY}`);
    await expect(deskPage.getByRole('heading', { level: 1, name: 'Desk HEIC' })).toBeVisible();
    await page.goto(`/u/${session.id}`);
    // The 640×480 fixture of src/test/heic/ (README.md there): the session takes HEIC, so it arrives untouched.
    await page.getByLabel('Choose photos').setInputFiles({
      name: 'IMG_0400.HEIC',
      mimeType: 'image/heic',
      buffer: fs.readFileSync(new URL('../src/test/heic/quadrants-640x480.heic', import.meta.url)),
    });
    const preview = deskPage.getByRole('img', { name: 'IMG_0400.HEIC' });
    await expect(preview).toBeVisible({ timeout: 30_000 });
    // A picture was really decoded (Chromium shows no HEIC by itself): the fixture's size and its red top-left quadrant.
    expect(await preview.evaluate((image: HTMLImageElement) => [image.naturalWidth, image.naturalHeight])).toEqual([640, 480]);
    const topLeft = await preview.evaluate((image: HTMLImageElement) => {
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const context = canvas.getContext('2d');
      context?.drawImage(image, 0, 0);
      return [...(context?.getImageData(160, 120, 1, 1).data ?? [])].slice(0, 3);
    });
    expect(topLeft[0]).toBeGreaterThan(170);
    expect(topLeft[1]).toBeLessThan(60);
    await expect(deskPage.getByRole('link', { name: `Download ${isolate('IMG_0400.HEIC')}` })).toBeVisible();
  } finally {
    await desk.close();
  }
});
