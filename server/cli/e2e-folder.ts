import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { decryptEnvelope } from '../encryption/decrypt-example';

/** The integrator's side of `npm start -- --e2e`: the private key stays in this file (0600), on this machine. */
const KEY_FILE = 'e2e-private-key.pem';

export interface E2eKeyPair {
  publicPem: string;
  privatePem: string;
  keyFile: string;
}

/** A fresh RSA-3072 pair for this run; the private key written 0600 beside the data (never sent anywhere). */
export async function makeE2eKeyPair(dir: string): Promise<E2eKeyPair> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await fs.mkdir(dir, { recursive: true });
  const keyFile = path.join(dir, KEY_FILE);
  await fs.writeFile(keyFile, privatePem, { mode: 0o600 });
  await fs.chmod(keyFile, 0o600);
  return { publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privatePem, keyFile };
}

/**
 * Opens every `.enc` envelope the folder delivery wrote under `root` into the photo beside it (same name without
 * `.enc`, never overwriting), then removes the envelope. Returns the photos written. One that does not open (not
 * sealed for this key) is left as it is and reported.
 */
export async function decryptFolder(root: string, privatePem: string, onError: (file: string, error: unknown) => void = () => {}): Promise<string[]> {
  const written: string[] = [];
  const entries = await fs.readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.enc')) continue;
    const sealedPath = path.join(entry.parentPath, entry.name);
    const target = sealedPath.slice(0, -'.enc'.length);
    try {
      const photo = decryptEnvelope(await fs.readFile(sealedPath), privatePem);
      await fs.writeFile(target, photo, { flag: 'wx' });
      await fs.rm(sealedPath);
      written.push(target);
    } catch (error) {
      onError(sealedPath, error);
    }
  }
  return written;
}
