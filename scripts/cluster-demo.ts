/**
 * `npm run cluster:demo`: qrdrop as a cluster on this machine, to try it out. A throwaway PostgreSQL and s3rver on
 * loopback, two qrdrop instances (`npm run serve`'s server, configured by environment alone) behind the round-robin
 * proxy, one session whose QR code and link are printed, and its photos saved in ./cluster-demo-photos as they arrive.
 * Ctrl-C stops everything and removes the temporary folders (database, bucket, spools); the saved photos stay.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { buildPageIfNeeded } from '../server/cli/build-page';
import { qrToTerminal } from '../server/qr/terminal';
import { startPgService } from '../server/test/pg-service';
import { startS3Service } from '../server/test/s3-service';
import { type DemoCluster, startDemoCluster } from './cluster-demo/demo-cluster';
import { createDemoSession, DEMO_MAX_IMAGES, demoClusterEnv } from './cluster-demo/demo-session';
import { savePhotosAsTheyArrive } from './cluster-demo/photo-saver';

const BUCKET = 'qrdrop-demo';

async function main(): Promise<void> {
  const root = process.cwd();
  const distDir = path.join(root, 'dist');
  const folder = path.join(root, 'cluster-demo-photos');
  buildPageIfNeeded(root, distDir);
  const apiKey = `aptr_live_${randomBytes(12).toString('hex')}`;

  console.log('Starting PostgreSQL, s3rver and two qrdrop instances behind a round-robin proxy…');
  // QRDROP_TEST_PG_PORT picks PostgreSQL's port, CLUSTER_DEMO_PORT the load balancer's (default: free ones).
  const pg = await startPgService();
  const s3 = await startS3Service({ bucket: BUCKET }).catch((error: unknown) => {
    pg.stop();
    throw error;
  });
  let cluster: DemoCluster;
  try {
    cluster = await startDemoCluster({ root, clusterEnv: demoClusterEnv(pg.url, s3.endpoint, BUCKET), apiKey, distDir, port: demoPort() });
  } catch (error) {
    await s3.stop();
    pg.stop();
    throw error;
  }
  const session = await createDemoSession(cluster.url, apiKey);
  console.log(`\n${qrToTerminal(session.upload_url)}`);
  console.log(`  Open on this computer (or a phone emulator): ${session.upload_url}`);
  console.log(`  Up to ${DEMO_MAX_IMAGES} photos, until ${new Date(session.expires_at).toLocaleTimeString()}.`);
  console.log(`  Load balancer ${cluster.url} → ${cluster.instances.map((instance) => `${instance.name} ${instance.url}`).join(', ')}`);
  console.log(`  PostgreSQL ${pg.url}, s3rver ${s3.endpoint} (bucket ${BUCKET}), both removed on exit`);
  console.log(`  Photos are saved in ${folder}`);
  console.log(`  Integrator API key (Authorization: Bearer …): ${apiKey}`);
  console.log('  Press Ctrl+C to stop.\n');

  const saver = savePhotosAsTheyArrive(cluster.url, apiKey, session.id, folder, (file, size) => {
    const served = cluster.instances.map((instance, i) => `${instance.name} ${cluster.proxy.served[i] ?? 0}`).join(', ');
    console.log(`  Saved ${path.relative(root, file)} (${size} bytes); requests so far: ${served}`);
  });

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping: the saver, the proxy, both instances, s3rver and PostgreSQL…');
    void (async () => {
      await saver.stop();
      await cluster.stop();
      await s3.stop();
      pg.stop();
      process.exit(0);
    })();
  };
  // `on`, not `once`: Ctrl-C reaches this process through npm and tsx as well, and a second SIGINT without a
  // handler would end it halfway through its cleanup, leaving PostgreSQL running.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function demoPort(): number {
  const port = Number(process.env.CLUSTER_DEMO_PORT ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('CLUSTER_DEMO_PORT must be a port number');
  return port;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
