import path from 'node:path';
import type { AppContext } from '../context';
import type { SessionEvent } from '../events';
import { qrToTerminal } from '../qr/terminal';

export interface Banner {
  uploadUrl: string;
  desktopUrl: string;
  apiKey: string;
  folder: string;
  maxImages: number;
  expiresAt: string;
  passwordProtected: boolean;
}

export function printBanner(banner: Banner): void {
  const expires = new Date(banner.expiresAt).toLocaleTimeString();
  console.log(`\n${qrToTerminal(banner.uploadUrl)}`);
  console.log(`  Scan the code, or open on the phone:  ${banner.uploadUrl}`);
  console.log(`  Watch photos arrive on this computer: ${banner.desktopUrl}`);
  console.log(`  Up to ${banner.maxImages} photos, until ${expires}${banner.passwordProtected ? ', password protected' : ''}.`);
  console.log(`  Photos are saved in ${banner.folder}`);
  console.log(`  Integrator API key (Authorization: Bearer …): ${banner.apiKey}`);
  console.log('  Press Ctrl+C to stop.\n');
}

interface ImageLine {
  idx: number;
  filename: string;
  size_bytes: number;
}

const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/** One line per photo: when it arrives, and where the folder destination put it. */
export function printPhoto(context: AppContext, maxImages: number, event: SessionEvent): void {
  if (event.type === 'image:ready') {
    const row = context.db
      .prepare('SELECT idx, filename, size_bytes FROM images WHERE id = ?')
      .get(event.imageId) as ImageLine | undefined;
    if (row === undefined) return;
    console.log(`  📷 ${row.idx}/${maxImages}  ${row.filename}  ${megabytes(row.size_bytes)}  received`);
  } else if (event.type === 'image:delivered' && event.location !== undefined) {
    const relative = path.relative(process.cwd(), event.location);
    console.log(`     saved to ${relative.startsWith('..') ? event.location : relative}`);
  } else if (event.type === 'image:failed') {
    console.log(`     could not be saved: ${event.error}`);
  } else if (event.type === 'session:completed') {
    console.log('  Session completed.');
  }
}
