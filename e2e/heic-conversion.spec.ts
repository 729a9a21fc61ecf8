import fs from 'node:fs';
import jpeg from 'jpeg-js';
import { jpegInfo } from './support/jpeg-info';
import { smallJpeg } from './support/test-photos';
import { expect, openSession, test } from './support/test';

/**
 * HEIC where the browser cannot decode it (Chromium): the preparation worker loads libheif in WebAssembly from
 * qrdrop itself (src/image-bytes/heic-decode.ts) and the photo goes through the usual resize and encode. The fixture
 * is 640×480 in four flat quadrants (src/test/heic/README.md says how it was made).
 */
const HEIC = fs.readFileSync(new URL('../src/test/heic/quadrants-640x480.heic', import.meta.url));
/** The same file with its ispe box (the size it declares) renamed to free: only the picture itself says 640×480. */
const HEIC_WITHOUT_SIZE = fs.readFileSync(new URL('../src/test/heic/quadrants-640x480-no-ispe.heic', import.meta.url));
/** The same file with its picture data cut off: the header (size, type) still reads, the picture does not. */
const TRUNCATED_HEIC = HEIC.subarray(0, HEIC.length - 600);

/** The RGB of the stored JPEG at (x, y), and its quadrants' colours as the fixture has them. */
function quadrantsOf(bytes: Buffer): number[][] {
  const decoded = jpeg.decode(bytes, { useTArray: true });
  const at = (x: number, y: number) => [...decoded.data.slice((y * decoded.width + x) * 4, (y * decoded.width + x) * 4 + 3)];
  const { width: w, height: h } = decoded;
  return [at(w / 4, h / 4), at((3 * w) / 4, h / 4), at(w / 4, (3 * h) / 4), at((3 * w) / 4, (3 * h) / 4)];
}
const QUADRANTS = [
  [208, 16, 16],
  [16, 176, 16],
  [16, 48, 208],
  [240, 240, 240],
];
const closeTo = (actual: number[][]) => actual.every((rgb, quadrant) => rgb.every((value, channel) => Math.abs(value - (QUADRANTS[quadrant]?.[channel] ?? 0)) <= 28));

test.describe('HEIC conversion in a browser without a HEIC decoder', () => {
  test('a session that takes only JPEG: the HEIC is converted to a JPEG of its size; a damaged HEIC fails alone, a JPEG beside it is sent', async ({ page, api }) => {
    const id = await api.createSession({ allowed_mime_types: ['image/jpeg'] });
    const wasm: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('.wasm')) wasm.push(request.url());
    });
    await openSession(page, id);
    // The page does not fetch the decoder when it loads.
    expect(wasm).toEqual([]);
    // Phones often give HEIC files no type at all: the bytes decide.
    await page.getByLabel('Choose photos').setInputFiles([
      smallJpeg('IMG_0100.jpg'),
      { name: 'IMG_0101.HEIC', mimeType: '', buffer: HEIC },
      { name: 'IMG_0102.HEIC', mimeType: 'image/heic', buffer: TRUNCATED_HEIC },
      smallJpeg('IMG_0103.jpg'),
    ]);
    await expect(page.getByRole('listitem').filter({ hasText: 'IMG_0101' })).toContainText('Sent', { timeout: 30_000 });
    await expect(page.getByRole('listitem').filter({ hasText: 'IMG_0102' })).toContainText('This photo could not be read; it may be damaged', { timeout: 30_000 });
    await expect(page.getByRole('listitem').filter({ hasText: 'IMG_0100.jpg' })).toContainText('Sent');
    await expect(page.getByRole('listitem').filter({ hasText: 'IMG_0103.jpg' })).toContainText('Sent');

    const images = await api.waitForImages(id, 3);
    expect(images.map((image) => image.filename).sort()).toEqual(['IMG_0100.jpg', 'IMG_0101.jpg', 'IMG_0103.jpg']);
    const converted = images.find((image) => image.filename === 'IMG_0101.jpg');
    expect(converted).toMatchObject({ mime_type: 'image/jpeg' });
    const stored = await api.download(id, converted?.id ?? '');
    // Decoded pixels carry no metadata: no location, no orientation tag to misread.
    expect(jpegInfo(stored)).toMatchObject({ width: 640, height: 480, hasGps: false });
    expect(closeTo(quadrantsOf(stored))).toBe(true);
    // From qrdrop itself, once for both HEIC photos.
    expect(wasm).toHaveLength(1);
    expect(new URL(wasm[0] ?? '').origin).toBe(new URL(page.url()).origin);
  });

  test('a session that takes HEIC but limits the size: the HEIC is decoded here and resized, upright', async ({ page, api }) => {
    const id = await api.createSession({ allowed_mime_types: ['image/heic', 'image/jpeg'], max_image_dimension: 320 });
    await openSession(page, id);
    await page.getByLabel('Choose photos').setInputFiles({ name: 'IMG_0200.HEIC', mimeType: 'image/heic', buffer: HEIC });
    await expect(page.getByRole('heading', { level: 1, name: '1 photo sent' })).toBeVisible({ timeout: 30_000 });
    const [image] = await api.waitForImages(id, 1);
    expect(image).toMatchObject({ filename: 'IMG_0200.jpg', mime_type: 'image/jpeg' });
    const stored = await api.download(id, image?.id ?? '');
    expect(jpegInfo(stored)).toMatchObject({ width: 320, height: 240, hasGps: false });
    expect(closeTo(quadrantsOf(stored))).toBe(true);
  });

  test('a HEIC whose header gives no size is not refused: libheif decodes it, and it is sent as a JPEG of its real size', async ({ page, api }) => {
    const id = await api.createSession({ allowed_mime_types: ['image/jpeg'], max_image_dimension: 320 });
    await openSession(page, id);
    await page.getByLabel('Choose photos').setInputFiles({ name: 'IMG_0300.HEIC', mimeType: 'image/heic', buffer: HEIC_WITHOUT_SIZE });
    await expect(page.getByRole('heading', { level: 1, name: '1 photo sent' })).toBeVisible({ timeout: 30_000 });
    const [image] = await api.waitForImages(id, 1);
    expect(image).toMatchObject({ filename: 'IMG_0300.jpg', mime_type: 'image/jpeg' });
    const stored = await api.download(id, image?.id ?? '');
    expect(jpegInfo(stored)).toMatchObject({ width: 320, height: 240, hasGps: false });
    expect(closeTo(quadrantsOf(stored))).toBe(true);
  });
});

test('the HEIC decoder ships with its LGPL notice: in the build beside it, served by qrdrop, named in each decoder chunk', async ({ request }) => {
  const dist = new URL('../dist/', import.meta.url);
  const notice = fs.readFileSync(new URL('licenses/THIRD-PARTY-NOTICES.txt', dist), 'utf8');
  const version = (JSON.parse(fs.readFileSync(new URL('../node_modules/libheif-js/package.json', import.meta.url), 'utf8')) as { version: string }).version;
  expect(notice).toContain(`libheif-js ${version}`);
  expect(notice).toContain('LGPL-3.0');
  expect(notice).toContain('libde265');

  const served = await request.get('/licenses/THIRD-PARTY-NOTICES.txt');
  expect(served.status()).toBe(200);
  expect(served.headers()['content-type']).toMatch(/^text\/plain/);
  expect(await served.text()).toBe(notice);
  // Both licence texts the LGPL asks to accompany the work: the LGPL itself and the GPL it incorporates.
  const licence = await request.get('/licenses/libheif-LICENSE.txt');
  expect(licence.status()).toBe(200);
  const licenceText = await licence.text();
  expect(licenceText).toContain('GNU LESSER GENERAL PUBLIC LICENSE');
  expect(licenceText).toContain('GNU GENERAL PUBLIC LICENSE');

  // Whoever reads the decoder's code finds where its licence is.
  const decoderChunks = fs.readdirSync(new URL('assets/', dist)).filter((name) => /^heic-(decode|size-worker|preview-worker)-.*\.js$/.test(name));
  expect(decoderChunks).toHaveLength(3);
  for (const name of decoderChunks) expect(fs.readFileSync(new URL(`assets/${name}`, dist), 'utf8'), name).toContain('/licenses/THIRD-PARTY-NOTICES.txt');
});
