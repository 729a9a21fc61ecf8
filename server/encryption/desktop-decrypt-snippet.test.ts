import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DECRYPT_SNIPPET } from '../../src/desktop/session/decrypt-snippet';
import { sealForServer } from '../test/seal';
import { decryptEnvelope } from './decrypt-example';

/** The snippet the desk shows (src/desktop/session/decrypt-snippet.ts), run exactly as an integrator would paste it. */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-snippet-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

async function loadSnippet(): Promise<(envelopeJson: string, privateKeyPem: string) => Buffer> {
  const file = path.join(dir, 'decrypt-photo.mjs');
  fs.writeFileSync(file, DECRYPT_SNIPPET);
  const module = (await import(pathToFileURL(file).href)) as { decryptPhoto: (envelopeJson: string, privateKeyPem: string) => Buffer };
  return module.decryptPhoto;
}

describe("the desk's decrypt snippet", () => {
  it('opens an envelope into the original bytes, as decrypt-example.ts does; refuses a changed one or another key', async () => {
    const decryptPhoto = await loadSnippet();
    const photo = randomBytes(50_000);
    const envelope = JSON.stringify(sealForServer(photo, publicPem));
    expect(decryptPhoto(envelope, privatePem).equals(photo)).toBe(true);
    expect(decryptPhoto(envelope, privatePem).equals(decryptEnvelope(envelope, privatePem))).toBe(true);

    const parsed = JSON.parse(envelope) as { encryptedData: string };
    const bytes = Buffer.from(parsed.encryptedData, 'base64');
    bytes[10] = (bytes[10] ?? 0) ^ 1;
    expect(() => decryptPhoto(JSON.stringify({ ...parsed, encryptedData: bytes.toString('base64') }), privatePem)).toThrow();
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => decryptPhoto(envelope, other)).toThrow();
  });
});
