import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type DemoCluster, startDemoCluster } from '../../scripts/cluster-demo/demo-cluster';
import { createDemoSession } from '../../scripts/cluster-demo/demo-session';
import { type PhotoSaver, savePhotosAsTheyArrive } from '../../scripts/cluster-demo/photo-saver';
import { clusterProcessEnv } from '../test/cluster-processes';
import { makeJpeg } from '../test/fixtures';
import { clusterEnv, TEST_API_KEY } from '../test/helpers';
import { multipartBody } from '../test/upload-helpers';

/**
 * `npm run cluster:demo`'s building blocks end to end, on the run's PostgreSQL and s3rver: two real instances
 * behind the round-robin proxy, the demo's session, an emulated phone uploading through the proxy, the saver.
 */

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PHONE = { 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1' };
/** Far beyond what the saver needs; reaching it fails the test instead of hanging it. */
const SAVE_GIVE_UP_MS = 20_000;

const cleanup: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** What the phone page does: read the session, then send each photo as multipart, through the load balancer. */
async function phoneUploads(cluster: DemoCluster, sessionId: string, photos: Buffer[]): Promise<number[]> {
  const session = await fetch(`${cluster.url}/api/v1/upload/${sessionId}/session`, { headers: PHONE });
  expect(session.status).toBe(200);
  const statuses: number[] = [];
  for (const [i, bytes] of photos.entries()) {
    const { body, contentType } = multipartBody([{ name: 'file', data: bytes, filename: `IMG_${1000 + i}.jpg`, contentType: 'image/jpeg' }]);
    const response = await fetch(`${cluster.url}/api/v1/upload/${sessionId}/images`, { method: 'POST', headers: { ...PHONE, 'content-type': contentType }, body: new Uint8Array(body) });
    statuses.push(response.status);
  }
  return statuses;
}

async function untilSaved(saver: PhotoSaver, count: number): Promise<void> {
  const giveUp = Date.now() + SAVE_GIVE_UP_MS;
  while (saver.saved.length < count) {
    if (Date.now() > giveUp) throw new Error(`the saver saved ${saver.saved.length} of ${count} photos`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the cluster demo, end to end', () => {
  it('a phone\'s uploads through the proxy land on both instances, and the saver writes every photo as it arrives', async () => {
    const env = await clusterEnv();
    cleanup.push(() => env.drop());
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-demo-photos-'));
    const distDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-demo-dist-'));
    cleanup.push(() => {
      for (const dir of [folder, distDir]) fs.rmSync(dir, { recursive: true, force: true });
    });
    const cluster = await startDemoCluster({ root: REPO_ROOT, clusterEnv: clusterProcessEnv(env), apiKey: TEST_API_KEY, distDir });
    let stopped = false;
    cleanup.push(async () => void (stopped || (await cluster.stop())));

    const session = await createDemoSession(cluster.url, TEST_API_KEY, 10);
    expect(session.upload_url).toBe(`${cluster.url}/u/${session.id}`);
    const first = Array.from({ length: 6 }, (_, i) => makeJpeg(80 + i, 60));
    const before = [...cluster.proxy.served];
    expect(await phoneUploads(cluster, session.id, first)).toEqual(first.map(() => 201));
    // The phone's session read and six uploads, nothing else in between: round robin splits them 4/3.
    const landed = cluster.proxy.served.map((count, i) => count - (before[i] ?? 0));
    expect([...landed].sort()).toEqual([3, 4]);

    const saver = savePhotosAsTheyArrive(cluster.url, TEST_API_KEY, session.id, folder);
    cleanup.push(() => saver.stop());
    await untilSaved(saver, 6);
    // Two more while the saver waits on its long poll: it wakes and saves them too.
    const later = [makeJpeg(120, 90), makeJpeg(121, 90)];
    expect(await phoneUploads(cluster, session.id, later)).toEqual([201, 201]);
    await untilSaved(saver, 8);
    await saver.stop();

    const savedHashes = saver.saved.map((file) => sha256(fs.readFileSync(file))).sort();
    expect(savedHashes).toEqual([...first, ...later].map(sha256).sort());
    const rows = (await env.rows('SELECT acknowledged_at FROM images')) as { acknowledged_at: number | null }[];
    expect(rows.filter((row) => row.acknowledged_at !== null)).toHaveLength(8);

    await cluster.stop();
    stopped = true;
    for (const instance of cluster.instances) expect(() => process.kill(instance.pid, 0), `${instance.name} stopped`).toThrow();
    console.log(`cluster demo: 8 photos saved; the proxy gave ${cluster.instances.map((instance, i) => `${instance.name} ${cluster.proxy.served[i] ?? 0}`).join(', ')} requests`);
  }, 120_000);
});
