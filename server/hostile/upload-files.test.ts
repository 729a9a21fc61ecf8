import { crc32 } from 'node:zlib';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeHeic, makeJpeg, makePng, makeWebp, withJpegSize } from '../test/fixtures';
import { auth, makeTestApp, type TestApp } from '../test/helpers';
import { heicOfFreeBoxes, jpegOfFillBytes, pngOfEmptyChunks } from '../test/hostile-shapes';
import { createSession } from '../test/sessions';
import { ScenarioSummary } from '../test/summary';
import { insertTestSession, type TestSessionOptions, upload } from '../test/upload-helpers';
import { expectEnvelope, fromInject, hostileLine, leftovers } from '../test/hostile-support';

/** Hostile file contents: whatever the name and declared type say, the bytes decide, and nothing is kept. */
let t: TestApp;
const summary = new ScenarioSummary('hostile-files');
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(async () => {
  await t.close();
});
afterAll(() => summary.flush());

/** A real PNG whose IHDR claims another size (CRC fixed up, so only the size is a lie). */
function withPngSize(file: Buffer, width: number, height: number): Buffer {
  const copy = Buffer.from(file);
  copy.writeUInt32BE(width, 16);
  copy.writeUInt32BE(height, 20);
  copy.writeUInt32BE(crc32(copy.subarray(12, 29)), 29);
  return copy;
}

const jpeg = makeJpeg(64, 48);
const png = makePng(32, 32);
const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.domain)</script></svg>';

interface HostileFile {
  input: string;
  bytes: Buffer;
  filename: string;
  contentType: string;
  session?: TestSessionOptions;
  status: number;
  code: string;
}

const CASES: HostileFile[] = [
  { input: 'zero-byte file', bytes: Buffer.alloc(0), filename: 'empty.jpg', contentType: 'image/jpeg', status: 400, code: 'empty_file' },
  { input: 'truncated JPEG (first half)', bytes: jpeg.subarray(0, jpeg.length >> 1), filename: 'cut.jpg', contentType: 'image/jpeg', status: 400, code: 'truncated_file' },
  { input: 'truncated JPEG (no end marker)', bytes: jpeg.subarray(0, jpeg.length - 2), filename: 'cut.jpg', contentType: 'image/jpeg', status: 400, code: 'truncated_file' },
  { input: 'truncated PNG', bytes: png.subarray(0, png.length - 20), filename: 'cut.png', contentType: 'image/png', status: 400, code: 'truncated_file' },
  { input: 'PDF named .jpg', bytes: Buffer.from('%PDF-1.7\n1 0 obj <</Type /Catalog>> endobj\ntrailer <<>>\n%%EOF\n'), filename: 'claim.jpg', contentType: 'image/jpeg', status: 415, code: 'unsupported_type' },
  { input: 'text named .jpg', bytes: Buffer.from('hello, this is not a photo\n'), filename: 'notes.jpg', contentType: 'image/jpeg', status: 415, code: 'unsupported_type' },
  { input: 'HTML named .jpg', bytes: Buffer.from('<!doctype html><script>alert(1)</script>'), filename: 'page.jpg', contentType: 'image/jpeg', status: 415, code: 'unsupported_type' },
  { input: 'SVG named .png', bytes: Buffer.from(svg), filename: 'logo.png', contentType: 'image/png', status: 415, code: 'unsupported_type' },
  { input: 'SVG declared image/svg+xml', bytes: Buffer.from(svg), filename: 'logo.svg', contentType: 'image/svg+xml', status: 415, code: 'unsupported_type' },
  {
    input: 'SVG, session row tampered to allow image/svg+xml',
    bytes: Buffer.from(svg),
    filename: 'logo.svg',
    contentType: 'image/svg+xml',
    session: { allowedMimeTypes: ['image/svg+xml', 'image/jpeg'] },
    status: 415,
    code: 'unsupported_type',
  },
  { input: 'SVG behind a JPEG signature', bytes: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from(svg)]), filename: 'x.jpg', contentType: 'image/jpeg', status: 400, code: 'corrupt_image' },
  { input: 'GIF named .jpg', bytes: Buffer.from('474946383961010001000000002c00000000010001000002', 'hex'), filename: 'anim.jpg', contentType: 'image/jpeg', status: 415, code: 'unsupported_type' },
  { input: 'JPEG declaring 0×0 pixels', bytes: withJpegSize(jpeg, 0, 0), filename: 'zero.jpg', contentType: 'image/jpeg', status: 400, code: 'corrupt_image' },
  { input: 'JPEG bomb (20000×20000 declared)', bytes: withJpegSize(makeJpeg(16, 16), 20_000, 20_000), filename: 'bomb.jpg', contentType: 'image/jpeg', status: 413, code: 'too_many_pixels' },
  { input: 'PNG bomb (100000×100000 declared)', bytes: withPngSize(makePng(16, 16), 100_000, 100_000), filename: 'bomb.png', contentType: 'image/png', status: 413, code: 'too_many_pixels' },
  { input: 'WebP bomb (16384×16384, a few bytes)', bytes: makeWebp(16_384, 16_384, { extended: true }), filename: 'bomb.webp', contentType: 'image/webp', status: 413, code: 'too_many_pixels' },
  { input: 'HEIC bomb (30000×30000 declared)', bytes: makeHeic(30_000, 30_000), filename: 'bomb.heic', contentType: 'image/heic', status: 413, code: 'too_many_pixels' },
  // Structure bombs (issue 11): cheap to send, millions of steps to walk. 2 MB here; 19 MB in parser-load.test.ts.
  { input: 'HEIC of 8-byte free boxes (2 MB)', bytes: heicOfFreeBoxes(2 * 1024 * 1024), filename: 'boxes.heic', contentType: 'image/heic', status: 400, code: 'image_too_complex' },
  { input: 'PNG of empty chunks (2 MB)', bytes: pngOfEmptyChunks(2 * 1024 * 1024), filename: 'chunks.png', contentType: 'image/png', status: 400, code: 'image_too_complex' },
  { input: 'JPEG of FF fill bytes (2 MB)', bytes: jpegOfFillBytes(2 * 1024 * 1024), filename: 'fill.jpg', contentType: 'image/jpeg', status: 400, code: 'truncated_file' },
  {
    input: 'forged Content-Type: PNG declared image/jpeg, session takes JPEG only',
    bytes: png,
    filename: 'photo.jpg',
    contentType: 'image/jpeg',
    session: { allowedMimeTypes: ['image/jpeg'] },
    status: 415,
    code: 'unsupported_type',
  },
  { input: 'forged Content-Type: HTML declared image/png', bytes: Buffer.from('<html><body onload=alert(1)>'), filename: 'x.png', contentType: 'image/png', status: 415, code: 'unsupported_type' },
];

describe('hostile file contents', () => {
  it.each(CASES.map((c) => [c.input, c] as const))('%s: refused with its status, nothing stored', async (_name, c) => {
    const sessionId = await insertTestSession(t.app, c.session);
    const answer = fromInject(await upload(t.app, sessionId, c.bytes, { filename: c.filename, contentType: c.contentType }));
    const left = await leftovers(t);
    summary.add(hostileLine(c.input, answer, left));

    expect(expectEnvelope(answer, c.status).code).toBe(c.code);
    expect(left).toEqual({ rows: 0, images: 0, incoming: 0 });
  });

  it('never lists image/svg+xml as acceptable, even when the session row was tampered with', async () => {
    const sessionId = await insertTestSession(t.app, { allowedMimeTypes: ['image/svg+xml', 'image/png'] });
    const answer = fromInject(await upload(t.app, sessionId, Buffer.from(svg), { filename: 'a.svg', contentType: 'image/svg+xml' }));
    expect(expectEnvelope(answer, 415).message).toBe('The file is not one of the allowed types (image/png).');
    const read = await t.app.inject({ method: 'GET', url: `/api/v1/upload/${sessionId}/session` });
    expect(read.json().effectiveAllowedMimeTypes).toEqual(['image/png']);
  });

  it('cannot be allowed through the API either: image/svg+xml in allowed_mime_types is a 400 on create and update', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/upload-sessions', headers: auth(), payload: { allowed_mime_types: ['image/svg+xml'] } });
    expect(expectEnvelope(fromInject(created), 400).message).toContain('allowed_mime_types');
    const session = await createSession(t.app);
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/upload-sessions/${session.id}`,
      headers: auth(),
      payload: { allowed_mime_types: ['image/png', 'image/svg+xml'] },
    });
    expect(expectEnvelope(fromInject(patched), 400).message).toContain('allowed_mime_types');
    expect(await t.rows('SELECT COUNT(*) AS n FROM sessions')).toEqual([{ n: 1 }]);
  });

  it('a forged Content-Type on a real image changes nothing: stored under the type its bytes have', async () => {
    const sessionId = await insertTestSession(t.app);
    const answer = await upload(t.app, sessionId, png, { filename: 'photo.jpg', contentType: 'image/jpeg' });
    expect(answer.statusCode).toBe(201);
    expect(await t.rows('SELECT mime_type, storage_name FROM images')).toEqual([{ mime_type: 'image/png', storage_name: `${answer.json().id}.png` }]);
  });
});
