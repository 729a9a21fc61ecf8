import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

/**
 * A throwaway S3-compatible server for the cluster tests: s3rver (a file store speaking the S3 protocol) in this
 * process, on 127.0.0.1 and a port the system picks, storing into a temporary folder, with one bucket made before
 * it answers. `stop` ends open connections (the SDK keeps them alive), closes the server and removes the folder.
 *
 * What s3rver does not do, so no test here can prove it (shared/SCALE.md §4): it accepts a wrong
 * x-amz-checksum-sha256, answers 405 to AbortMultipartUpload and ListParts, has no minimum part size, no conditional
 * writes and no consistency model beyond one process.
 */
export interface S3Service {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  bucket: string;
  /** s3rver's fixed credentials (it checks signatures against them). */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Stops the server and removes its folder; safe to call more than once. */
  stop: () => Promise<void>;
}

export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
export const TEST_BUCKET = 'qrdrop-test';

export async function startS3Service({ bucket = TEST_BUCKET }: { bucket?: string } = {}): Promise<S3Service> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-s3-'));
  const removeFolder = () => fs.rmSync(folder, { recursive: true, force: true });
  // Last resort: a runner that exits without its teardown still leaves no folder behind.
  process.once('exit', removeFolder);
  const server = http.createServer();
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= new Promise<void>((resolve) => {
      server.closeAllConnections();
      if (server.listening) server.close(() => resolve());
      else resolve();
    }).finally(() => {
      process.removeListener('exit', removeFolder);
      removeFolder();
    }));
  try {
    const s3rver = new S3rver({ directory: folder, silent: true, configureBuckets: [{ name: bucket, configs: [] }] });
    await s3rver.configureBuckets();
    server.on('request', s3rver.callback());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    await stop();
    throw new Error(`The test S3 server (s3rver) did not start: ${String(error)}`);
  }
  const address: AddressInfo | string | null = server.address();
  if (address === null || typeof address === 'string') throw new Error('The test S3 server has no TCP address');
  const { port } = address;
  return { endpoint: `http://127.0.0.1:${port}`, bucket, credentials: { ...S3RVER_CREDENTIALS }, stop };
}
