import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ReceivedFile } from './receive-file';

/**
 * Writes bytes held in memory (an opened envelope) to `incoming/<random>`, fsynced, as receiveFile does for a
 * streamed part: from here on an encrypted photo is a received file like any other. A failed write leaves nothing.
 */
export async function writeIncoming(incomingDir: string, bytes: Buffer): Promise<ReceivedFile> {
  const filePath = path.join(incomingDir, randomBytes(16).toString('hex'));
  const handle = await fs.open(filePath, 'wx', 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => {});
    await fs.rm(filePath, { force: true });
    throw error;
  }
  return { path: filePath, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}
