import fs from 'node:fs';
import type { Page } from '@playwright/test';
import jpeg from 'jpeg-js';
import { E2E_PORT, launchOptions } from '../playwright.config';
import { FAKE_CAMERA, writeFakeCameraVideo } from './support/fake-camera';
import { smallJpeg } from './support/test-photos';
import { expect, openSession, test } from './support/test';

/**
 * The in-page camera in Chromium with a fake camera: Chromium plays a generated Y4M video as the device's camera
 * and grants the permission itself (`--use-fake-ui-for-media-stream`). Shots taken in the viewfinder must arrive
 * on the server, each once, as photos of what the camera showed.
 */

// Written when this file loads in the worker, before the worker launches its browser with these options.
const video = writeFakeCameraVideo(E2E_PORT);
test.use({
  launchOptions: {
    ...launchOptions,
    args: [...launchOptions.args, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
  },
});

/** Mean luminance of the left and right quarters of a stored photo: the fake camera's ramp is dark left, bright right. */
function leftAndRight(bytes: Buffer): { width: number; height: number; left: number; right: number } {
  const { width, height, data } = jpeg.decode(bytes, { useTArray: true });
  let left = 0;
  let right = 0;
  let count = 0;
  for (let y = 0; y < height; y += 4) {
    for (let x = 0; x < width / 4; x += 4) {
      const at = (y * width + x) * 4;
      const mirrored = (y * width + (width - 1 - x)) * 4;
      left += data[at + 1] ?? 0;
      right += data[mirrored + 1] ?? 0;
      count += 1;
    }
  }
  return { width, height, left: left / count, right: right / count };
}

/** Keeps every stream the page gets from getUserMedia, to check afterwards that each of its tracks was stopped. */
const TRACK_STREAMS = () => {
  const devices = navigator.mediaDevices;
  const original = devices.getUserMedia.bind(devices);
  const streams: MediaStream[] = [];
  (window as unknown as { cameraStreams: MediaStream[] }).cameraStreams = streams;
  devices.getUserMedia = async (constraints) => {
    const stream = await original(constraints);
    streams.push(stream);
    return stream;
  };
};
const trackStates = (page: Page) =>
  page.evaluate(() => (window as unknown as { cameraStreams: MediaStream[] }).cameraStreams.flatMap((stream) => stream.getTracks().map((track) => track.readyState)));

test.afterAll(() => fs.rmSync(video, { force: true }));

test.describe('in-page camera', () => {
  test.skip(({ isMobile }) => !isMobile, 'phones only: the desktop layout has no camera button');
  test.beforeEach(async ({ page }) => {
    await page.addInitScript(TRACK_STREAMS);
  });

  test('three shots in the viewfinder arrive as three photos of what the camera showed', async ({ page, api }) => {
    const id = await api.createSession({ max_images: 5 });
    await openSession(page, id);
    const opener = page.getByRole('button', { name: 'Use camera' });
    await opener.click();

    const camera = page.getByRole('dialog', { name: 'Camera' });
    await expect(camera).toBeVisible();
    await expect(camera.getByLabel('Camera viewfinder')).toBeVisible();
    const shutter = camera.getByRole('button', { name: 'Take picture' });
    await expect(shutter).toHaveAttribute('aria-disabled', 'false', { timeout: 15_000 });
    await expect(shutter).toBeFocused();
    // The fake device has no torch and is the only camera.
    await expect(camera.getByRole('button', { name: 'Light' })).toHaveCount(0);
    await expect(camera.getByRole('button', { name: 'Switch camera' })).toHaveCount(0);
    await expect(camera.getByText('0 photos taken · 5 photos left')).toBeVisible();

    for (const shot of [1, 2, 3]) {
      await shutter.click();
      await expect(camera.getByRole('status')).toHaveText(`Photo ${shot} added. ${5 - shot} photos left`);
    }
    await expect(camera.getByText('3 photos taken · 2 photos left')).toBeVisible();
    // Sent while the camera stays open: the page behind it knows, and stays on its screen rather than "3 photos sent".
    await api.waitForImages(id, 3);
    await expect(page.getByText('All 3 photos sent.')).toBeAttached({ timeout: 15_000 });
    await expect(camera).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: 'Send your photos', includeHidden: true })).toBeAttached();

    await camera.getByRole('button', { name: 'Done' }).click();
    await expect(camera).toHaveCount(0);
    // The camera is off: every track the page got has ended.
    expect(await trackStates(page)).toEqual(['ended']);
    await expect(page.getByRole('heading', { level: 1, name: '3 photos sent' })).toBeVisible({ timeout: 30_000 });

    const images = await api.waitForImages(id, 3);
    expect(new Set(images.map((image) => image.filename)).size).toBe(3);
    for (const image of images) {
      expect(image).toMatchObject({ mime_type: 'image/jpeg', source: 'camera' });
      const photo = leftAndRight(await api.download(id, image.id));
      expect(photo.width * FAKE_CAMERA.height).toBe(photo.height * FAKE_CAMERA.width);
      expect(photo.width).toBeGreaterThanOrEqual(FAKE_CAMERA.width);
      // The camera's picture, not a black or blank frame.
      expect(photo.right - photo.left).toBeGreaterThan(80);
    }
  });

  test('Escape closes the camera and gives the focus back to "Use camera"', async ({ page, api }) => {
    const id = await api.createSession({ max_images: 5 });
    await openSession(page, id);
    const opener = page.getByRole('button', { name: 'Use camera' });
    await opener.click();
    const camera = page.getByRole('dialog', { name: 'Camera' });
    await expect(camera.getByRole('button', { name: 'Take picture' })).toHaveAttribute('aria-disabled', 'false', { timeout: 15_000 });
    await page.keyboard.press('Escape');
    await expect(camera).toHaveCount(0);
    await expect(opener).toBeFocused();
    expect(await trackStates(page)).toEqual(['ended']);
    expect(await api.images(id)).toEqual([]);
  });

  test('camera refused: a clear message and the camera app instead, no error', async ({ page, api }) => {
    const id = await api.createSession({ max_images: 5 });
    // The browser refuses the camera without asking, as it does past a "Block" or in a frame without
    // allow="camera": here the page's own Permissions-Policy says camera=(). (The fake UI would accept any prompt.)
    await page.route(`**/u/${id}`, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'permissions-policy': 'camera=()' } });
    });
    await openSession(page, id);
    await page.getByRole('button', { name: 'Use camera' }).click();

    const camera = page.getByRole('dialog', { name: 'Camera' });
    await expect(camera.getByRole('alert')).toHaveText('Camera access was refused. You can still take photos with your camera app.');
    await expect(camera.getByLabel('Camera viewfinder')).toHaveCount(0);
    const cameraApp = camera.getByLabel('Take photo');
    await expect(cameraApp).toHaveAttribute('capture', 'environment');
    await expect(cameraApp).toBeFocused();
    await cameraApp.setInputFiles(smallJpeg('from-the-camera-app.jpg'));
    const [image] = await api.waitForImages(id, 1);
    expect(image).toMatchObject({ filename: 'from-the-camera-app.jpg', source: 'camera' });
    await camera.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '1 photo sent' })).toBeVisible({ timeout: 30_000 });
  });
});
