import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeJpeg, makePng } from '../test/fixtures';
import { auth, makeTestApp, type TestApp } from '../test/helpers';
import { createSession } from '../test/sessions';
import { ScenarioSummary } from '../test/summary';
import { upload } from '../test/upload-helpers';

/**
 * Downloads can never run as a page: whatever the uploader named or declared, the bytes go out as an attachment,
 * with the type decided from them at upload, nosniff, and a saved name ending in that type's extension.
 */
let t: TestApp;
const summary = new ScenarioSummary('downloads');
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(async () => {
  await t.close();
});
afterAll(() => summary.flush());

const HTML = '<html><body><script>alert(document.cookie)</script></body></html>';

/** A valid JPEG carrying HTML in a comment segment and again after its end marker. */
function jpegHtmlPolyglot(): Buffer {
  const jpeg = makeJpeg(16, 16);
  const comment = Buffer.from(HTML);
  const segment = Buffer.alloc(4);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(comment.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), segment, comment, jpeg.subarray(2), Buffer.from(HTML)]);
}

/** A valid PNG with an SVG document appended after IEND (an SVG sniffer that scans would find it). */
const pngSvgPolyglot = () => Buffer.concat([makePng(8, 8), Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg">${HTML}</svg>`)]);

const CASES: [input: string, bytes: Buffer, filename: string, declared: string, type: string, savedAs: string][] = [
  ['JPEG+HTML polyglot named invoice.html, declared text/html', jpegHtmlPolyglot(), 'invoice.html', 'text/html', 'image/jpeg', 'invoice.html.jpg'],
  ['PNG+SVG polyglot named logo.svg, declared image/svg+xml', pngSvgPolyglot(), 'logo.svg', 'image/svg+xml', 'image/png', 'logo.svg.png'],
  ['PNG named photo.jpg, declared image/jpeg', makePng(8, 8), 'photo.jpg', 'image/jpeg', 'image/png', 'photo.jpg.png'],
  ['JPEG named IMG_0001.JPEG', makeJpeg(8, 8), 'IMG_0001.JPEG', 'image/jpeg', 'image/jpeg', 'IMG_0001.JPEG'],
];

describe('downloads of hostile uploads', () => {
  it.each(CASES)('%s: served as an attachment of its real type, nosniff', async (input, bytes, filename, declared, type, savedAs) => {
    const session = await createSession(t.app);
    const uploaded = await upload(t.app, session.id, bytes, { filename, contentType: declared });
    expect(uploaded.statusCode).toBe(201);
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/upload-sessions/${session.id}/images/${uploaded.json().id}`, headers: auth() });
    const headers = response.headers;
    summary.add(
      `${input} → upload ${uploaded.statusCode}; download ${response.statusCode} ${String(headers['content-type'])}, ` +
        `${String(headers['content-disposition']).split(';')[0]} as "${savedAs}", nosniff: ${String(headers['x-content-type-options'])}, ` +
        `CSP: ${String(headers['content-security-policy'])}, bytes identical: ${response.rawPayload.equals(bytes)}`,
    );

    expect(response.statusCode).toBe(200);
    expect(headers['content-type']).toBe(type);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['content-disposition']).toBe(`attachment; filename="${savedAs}"; filename*=UTF-8''${savedAs}`);
    expect(headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(response.rawPayload.equals(bytes)).toBe(true);
  });
});
