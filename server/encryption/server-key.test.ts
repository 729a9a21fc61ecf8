import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sealForServer } from '../test/seal';
import { openEnvelope, parseEnvelope } from './envelope';
import { loadOrCreateServerKey } from './server-key';

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-key-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('server key', () => {
  it('is made once, readable by its owner only, and the same after a restart', async () => {
    const dir = tempDir();
    const first = await loadOrCreateServerKey(dir);
    expect(first.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(first.privateKey.asymmetricKeyDetails?.modulusLength).toBeGreaterThanOrEqual(2048);
    expect(fs.statSync(path.join(dir, 'server-key.pem')).mode & 0o777).toBe(0o600);
    const again = await loadOrCreateServerKey(dir);
    expect(again.publicKeyPem).toBe(first.publicKeyPem);
    const sealed = sealForServer(Buffer.from('photo bytes'), first.publicKeyPem);
    expect(openEnvelope(parseEnvelope(sealed), again.privateKey).toString()).toBe('photo bytes');
  });

  it('gives two processes starting at once on one folder the same key', async () => {
    const dir = tempDir();
    const [a, b] = await Promise.all([loadOrCreateServerKey(dir), loadOrCreateServerKey(dir)]);
    expect(a.publicKeyPem).toBe(b.publicKeyPem);
  });
});
