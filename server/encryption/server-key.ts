import { createPrivateKey, createPublicKey, generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { ENCRYPTION } from '../limits';

/** The server's RSA key pair for Apertur's "server-key" encryption (API.md, "Encrypted uploads"). */
export interface ServerKey {
  /** SPKI PEM, what `GET /api/v1/encryption/server-key` hands out. */
  publicKeyPem: string;
  privateKey: KeyObject;
}

const generate = promisify(generateKeyPair);

/**
 * Reads `<dataDir>/server-key.pem` (PKCS#8, mode 0600), or makes it on first use. Two processes starting on one
 * data directory race on an exclusive link: the loser reads the winner's key, so every process serves one key.
 */
export async function loadOrCreateServerKey(dataDir: string): Promise<ServerKey> {
  const file = path.join(dataDir, ENCRYPTION.serverKeyFile);
  const existing = await readPem(file);
  if (existing !== undefined) return serverKeyFromPem(existing);
  const pem = await newServerKeyPem();
  // Written whole under a private name, then linked into place: a reader never sees half a key, and a link
  // onto an existing name fails instead of replacing the key another process just made.
  const draft = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
  await fs.writeFile(draft, pem, { flag: 'wx', mode: 0o600 });
  try {
    await fs.link(draft, file);
    return serverKeyFromPem(pem);
  } catch (error) {
    if (!isCode(error, 'EEXIST')) throw error;
    const winner = await readPem(file);
    if (winner === undefined) throw error;
    return serverKeyFromPem(winner);
  } finally {
    await fs.rm(draft, { force: true });
  }
}

/** A new private key of the server-key size, as PKCS#8 PEM. */
export async function newServerKeyPem(): Promise<string> {
  const { privateKey } = await generate('rsa', { modulusLength: ENCRYPTION.serverKeyBits });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/**
 * One key per app, made or read when it is first asked for (most servers never see an encrypted upload): by
 * default the data folder's file; a cluster passes its PostgreSQL loader. A failed load is retried next time.
 */
export function lazyServerKey(dataDir: string, load: () => Promise<ServerKey> = () => loadOrCreateServerKey(dataDir)): () => Promise<ServerKey> {
  let pending: Promise<ServerKey> | undefined;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

export function serverKeyFromPem(pem: string): ServerKey {
  const privateKey = createPrivateKey(pem);
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  return { privateKey, publicKeyPem };
}

async function readPem(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if (isCode(error, 'ENOENT')) return undefined;
    throw error;
  }
}

const isCode = (error: unknown, code: string) =>
  typeof error === 'object' && error !== null && 'code' in error && error.code === code;
