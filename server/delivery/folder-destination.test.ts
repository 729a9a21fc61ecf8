import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeJpeg, makePng } from '../test/fixtures';
import { copyToFolder } from './folder-destination';
import { photoFileName, safeName } from './safe-name';
import { createSession, firstDelivery, removeData, startApp, tempDir, untilStatus, uploadPhoto } from '../test/delivery-fixtures';
import { onCluster } from '../test/helpers';

describe('folder destination', () => {
  const dirs: string[] = [];
  const dir = () => {
    const made = tempDir();
    dirs.push(made);
    return made;
  };
  afterEach(async () => {
    for (const made of dirs.splice(0)) await removeData(made);
  });

  // A cluster has no folder destination: config.ts refuses DELIVERY_FOLDER there.
  it.skipIf(onCluster)('copies every photo, byte-identical, into a folder named after the session label', async () => {
    const folder = dir();
    const app = await startApp(dir(), { DELIVERY_FOLDER: folder });
    try {
      const sessionId = await createSession(app, { label: 'Kitchen / before' });
      const photo = makeJpeg(40, 30);
      const second = makePng(10, 10);
      await uploadPhoto(app, sessionId, photo, { filename: 'IMG_0001.JPG' });
      await uploadPhoto(app, sessionId, second, { filename: '../../etc/passwd', contentType: 'image/png' });
      const status = await untilStatus(app, sessionId, (body) => body.files.length === 2 && body.files.every((f) => f.destinations[0]?.status === 'sent'));
      expect(firstDelivery(status)).toMatchObject({ type: 'folder', name: 'Local folder', attempts: 1 });

      const sessionFolder = path.join(folder, 'Kitchen _ before');
      expect(fs.readdirSync(folder)).toEqual(['Kitchen _ before']);
      expect(fs.readdirSync(sessionFolder).sort()).toEqual(['1-IMG_0001.jpg', '2-passwd.png']);
      expect(fs.readFileSync(path.join(sessionFolder, '1-IMG_0001.jpg')).equals(photo)).toBe(true);
      expect(fs.readFileSync(path.join(sessionFolder, '2-passwd.png')).equals(second)).toBe(true);
    } finally {
      await app.close();
    }
  });

  // A cluster has no folder destination: config.ts refuses DELIVERY_FOLDER there.
  it.skipIf(onCluster)('uses the session id when there is no label, and publishes where the copy went', async () => {
    const folder = dir();
    const app = await startApp(dir(), { DELIVERY_FOLDER: folder });
    try {
      const sessionId = await createSession(app);
      const locations: string[] = [];
      app.qrdrop.events.subscribe(sessionId, (event) => {
        if (event.type === 'image:delivered' && event.location !== undefined) locations.push(event.location);
      });
      await uploadPhoto(app, sessionId, makeJpeg(8, 8), { filename: 'a.jpg' });
      await untilStatus(app, sessionId, (body) => firstDelivery(body)?.status === 'sent');
      expect(locations).toEqual([path.join(folder, sessionId, '1-a.jpg')]);
    } finally {
      await app.close();
    }
  });

  it('never overwrites: a name already taken by other bytes gets a suffix; the same bytes are recognised', async () => {
    const root = dir();
    const source = path.join(dir(), 'photo');
    const photo = makeJpeg(8, 8);
    fs.writeFileSync(source, photo);
    const sha256 = (await import('node:crypto')).createHash('sha256').update(photo).digest('hex');
    fs.mkdirSync(path.join(root, 'Trip'));
    fs.writeFileSync(path.join(root, 'Trip', '1-a.jpg'), 'someone else’s file');

    const copy = { root, sessionLabel: 'Trip', sessionId: 's', fileName: '1-a.jpg', sourcePath: source, sha256 };
    const first = await copyToFolder(copy);
    expect(first).toBe(path.join(root, 'Trip', '1-a-2.jpg'));
    expect(fs.readFileSync(path.join(root, 'Trip', '1-a.jpg'), 'utf8')).toBe('someone else’s file');
    // A retry after a crash finds its own earlier copy instead of making a third file.
    expect(await copyToFolder(copy)).toBe(first);
    expect(fs.readdirSync(path.join(root, 'Trip')).sort()).toEqual(['1-a-2.jpg', '1-a.jpg']);
  });
});

describe('safe names', () => {
  it('keep letters and digits of any script and refuse anything that could leave the folder', () => {
    expect(safeName('Été à Montréal')).toBe('Été à Montréal');
    expect(safeName('../../etc')).toBe('etc');
    expect(safeName('..')).toBe('');
    expect(safeName('a/b\\c:d*e?f"g<h>i|j')).toBe('a_b_c_d_e_f_g_h_i_j');
    expect(safeName('.hidden')).toBe('hidden');
    expect(safeName('line\nbreak\u0000')).toBe('line_break');
    expect(safeName('CON')).toBe('_CON');
    expect(safeName('x'.repeat(500))).toHaveLength(100);
  });

  it('name photos <index>-<name>.<extension of the real type>', () => {
    // The rule of every download: the real type's extension appended when the name's own says otherwise.
    expect(photoFileName(3, 'IMG_1234.PNG', 'image/jpeg')).toBe('3-IMG_1234.PNG.jpg');
    expect(photoFileName(4, 'invoice.html', 'image/jpeg')).toBe('4-invoice.html.jpg');
    expect(photoFileName(5, 'IMG_5.JPEG', 'image/jpeg')).toBe('5-IMG_5.jpg');
    expect(photoFileName(1, '', 'image/heic')).toBe('1-photo.heic');
    expect(photoFileName(2, '...', 'image/webp')).toBe('2-photo.webp');
  });
});
