import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeJpeg } from '../test/fixtures';
import { auth, makeTestApp, type TestApp } from '../test/helpers';
import { createSession } from '../test/sessions';
import { ScenarioSummary } from '../test/summary';
import { upload } from '../test/upload-helpers';
import { filesWritten, writtenPhoto } from '../test/data-dir';

/**
 * Hostile file names on a valid photo: the photo is taken (201), the name is cleaned for showing, and it is
 * never used as a path: the only file written is images/<session id>/<image id>.jpg.
 */
let t: TestApp;
const summary = new ScenarioSummary('hostile-filenames');
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(async () => {
  await t.close();
});
afterAll(() => summary.flush());

const jpeg = makeJpeg(32, 24);
const show = (name: string) => JSON.stringify(name);

const CASES: [input: string, filename: string, stored: string][] = [
  ['path traversal', '../../etc/passwd', 'passwd'],
  ['deep traversal to a photo name', '../../../../../../tmp/x.jpg', 'x.jpg'],
  ['Windows traversal', '..\\..\\windows\\win.ini', 'win.ini'],
  ['absolute POSIX path', '/etc/shadow', 'shadow'],
  ['absolute Windows path', 'C:\\Windows\\System32\\config\\SAM', 'SAM'],
  ['URL-encoded traversal (kept literal, harmless)', '..%2F..%2Fetc%2Fpasswd', '..%2F..%2Fetc%2Fpasswd'],
  ['only dots', '..', 'photo.jpg'],
  ['NUL byte', 'photo\u0000.php.jpg', 'photo.php.jpg'],
  ['control characters', 'a\u0001b\u0007c\u001bd\u007f.jpg', 'abcd.jpg'],
  ['tab', 'tab\there.jpg', 'tabhere.jpg'],
  ['RTL override (exe disguised as jpg)', 'holiday\u202egpj.exe', 'holidaygpj.exe'],
  ['isolates and marks', 'a\u2066b\u2069c\u200fd.jpg', 'abcd.jpg'],
  // Quotes escaped inside the quoted string, as the multipart grammar allows, so the parser hands them over.
  ['quotes and semicolons (header injection attempt)', 'a\\"; filename=\\"evil.html', 'a"; filename="evil.html'],
  ['1000-character name', `${'n'.repeat(1000)}.jpg`, `${'n'.repeat(251)}.jpg`],
  ['empty name', '', 'photo.jpg'],
];

describe('hostile file names', () => {
  it.each(CASES)('%s: stored name cleaned, the file on disk is named by the server', async (input, filename, stored) => {
    const session = await createSession(t.app, { long_polling: true });
    const response = await upload(t.app, session.id, jpeg, { filename });
    const id: string = response.json().id;
    const onDisk = await filesWritten(t);
    const download = await t.app.inject({ method: 'GET', url: `/api/v1/upload-sessions/${session.id}/images/${id}`, headers: auth() });
    const disposition = String(download.headers['content-disposition']);
    summary.add(
      `${input}: ${show(filename.length > 60 ? `${filename.slice(0, 20)}…(${filename.length} chars)` : filename)} → ${response.statusCode}, ` +
        `name ${show(response.json().filename.length > 60 ? `…(${response.json().filename.length} chars)` : response.json().filename)}, ` +
        `on disk images/<session>/${onDisk.map((file) => file.split('/').pop()).join(', ').replace(id, '<image id>')}`,
    );

    expect(response.statusCode).toBe(201);
    expect(response.json().filename).toBe(stored);
    expect(await t.rows('SELECT filename FROM images WHERE id = $1', [id])).toEqual([{ filename: stored }]);
    expect(onDisk).toEqual([writtenPhoto(session.id, `${id}.jpg`)]);
    // The download header is one well-formed attachment whatever the name held.
    expect(download.statusCode).toBe(200);
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9%!._~-]*$/);
    expect(disposition.match(/filename="/g)).toHaveLength(1);
  });
});
