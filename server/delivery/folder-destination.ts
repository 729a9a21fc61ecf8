import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { safeName } from './safe-name';

/** How many "-2", "-3"… variants to try before giving up on a name (two sessions with the same label, say). */
const MAX_NAME_VARIANTS = 1000;

export interface FolderCopy {
  /** DELIVERY_FOLDER, absolute. */
  root: string;
  /** The session's label, or null: the folder is named after it, else after the session id. */
  sessionLabel: string | null;
  sessionId: string;
  /** `<index>-<name>.<ext>`, already safe (see photoFileName). */
  fileName: string;
  sourcePath: string;
  /** The photo's SHA-256, to recognise a copy an interrupted earlier attempt already made. */
  sha256: string;
}

/**
 * Copies one photo into `<root>/<label or session id>/<file name>` and returns where it went.
 * Never overwrites: the copy is written under a temporary name, then hard-linked to the first free name
 * (link fails if the name exists, atomically), so a reader never sees a half-written photo either.
 */
export async function copyToFolder(copy: FolderCopy): Promise<string> {
  const folder = path.join(copy.root, safeName(copy.sessionLabel ?? '') || copy.sessionId);
  assertInside(copy.root, folder);
  await fs.mkdir(folder, { recursive: true });
  const temporary = path.join(folder, `.qrdrop-${randomBytes(8).toString('hex')}.partial`);
  await fs.copyFile(copy.sourcePath, temporary);
  try {
    const extension = path.extname(copy.fileName);
    const stem = copy.fileName.slice(0, copy.fileName.length - extension.length);
    for (let variant = 1; variant <= MAX_NAME_VARIANTS; variant++) {
      const target = path.join(folder, variant === 1 ? copy.fileName : `${stem}-${variant}${extension}`);
      assertInside(folder, target);
      if (await place(temporary, target, copy.sha256)) return target;
    }
    throw new Error('no free file name left in the folder');
  } finally {
    await fs.rm(temporary, { force: true });
  }
}

/** True once `target` holds the photo: newly placed, or already there from an earlier attempt. */
async function place(temporary: string, target: string, sha256: string): Promise<boolean> {
  try {
    await fs.link(temporary, target);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return (await sha256Of(target)) === sha256;
    // Some file systems (FAT on a USB stick) have no hard links: an exclusive copy still never overwrites.
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(errorCode(error))) throw error;
  }
  try {
    await fs.copyFile(temporary, target, fs.constants.COPYFILE_EXCL);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return (await sha256Of(target)) === sha256;
    throw error;
  }
}

async function sha256Of(file: string): Promise<string> {
  return createHash('sha256').update(await fs.readFile(file)).digest('hex');
}

const errorCode = (error: unknown): string =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : '';

function assertInside(root: string, candidate: string): void {
  const relative = path.relative(root, candidate);
  if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
    throw new Error('refused: the name would leave the delivery folder');
  }
}
