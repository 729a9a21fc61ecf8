import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeJpeg } from '../test/fixtures';
import { sealForServer } from '../test/seal';
import { decryptFolder, makeE2eKeyPair } from './e2e-folder';

const dirs: string[] = [];
const temp = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-e2e-cli-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('npm start -- --e2e, the integrator side', () => {
  it('keeps the private key 0600 and opens the folder\'s envelopes into the photos, never overwriting', async () => {
    const keys = await makeE2eKeyPair(temp());
    expect(fs.statSync(keys.keyFile).mode & 0o777).toBe(0o600);
    const folder = temp();
    fs.mkdirSync(path.join(folder, 'session'));
    const photo = makeJpeg(40, 30);
    fs.writeFileSync(path.join(folder, 'session', '1-a.jpg.enc'), JSON.stringify(sealForServer(photo, keys.publicPem)));
    fs.writeFileSync(path.join(folder, 'session', '2-b.jpg.enc'), JSON.stringify(sealForServer(photo, (await makeE2eKeyPair(temp())).publicPem)));
    const failed: string[] = [];
    const written = await decryptFolder(folder, keys.privatePem, (file) => failed.push(path.basename(file)));
    expect(written.map((file) => path.basename(file))).toEqual(['1-a.jpg']);
    expect(fs.readFileSync(path.join(folder, 'session', '1-a.jpg')).equals(photo)).toBe(true);
    expect(failed).toEqual(['2-b.jpg.enc']);
    expect(fs.readdirSync(path.join(folder, 'session')).sort()).toEqual(['1-a.jpg', '2-b.jpg.enc']);
    // Two 3072-bit RSA key pairs: their generation takes a random time, long on a loaded machine.
  }, 60_000);
});
