/**
 * server/cli/: `npm start`, the one-command start: options, building the page when needed, the terminal's QR code
 * and link, a local integrator key. This file is the entry point.
 */
import path from 'node:path';
import { buildApp } from '../app';
import { clusterRequested } from '../cluster/cluster-config';
import { ConfigError, loadConfig } from '../config';
import { TIMEOUTS } from '../limits';
import { closeGracefully } from '../shutdown';
import { buildPageIfNeeded } from './build-page';
import { decryptFolder, type E2eKeyPair, makeE2eKeyPair } from './e2e-folder';
import { integratorKey } from './integrator-key';
import { lanAddress } from './lan-address';
import { parseStartOptions, START_USAGE } from './options';
import { printBanner, printPhoto } from './terminal';

/**
 * `npm start`: the whole job on one machine, like qrcp for photos. Builds the page if needed, starts the server
 * on the LAN address, creates one session, prints its QR code and link, then a line for every photo that arrives.
 */
async function main(): Promise<void> {
  const root = process.cwd();
  const options = parseStartOptions(process.argv.slice(2), process.env);
  if (options.help) {
    console.log(START_USAGE);
    return;
  }
  // Before anything is written or built: `npm start` is one machine by design (its folder, its terminal).
  if (clusterRequested(process.env)) {
    throw new ConfigError(
      'npm start runs qrdrop on this machine (SQLite, ./data, ./photos) and does not take DATABASE_URL or S3_BUCKET. ' +
        'Cluster mode is for `npm run serve` on each instance (see "Running qrdrop as a cluster in production" in README.md).',
    );
  }
  const apiKey = integratorKey(path.resolve(root, options.dataDir), process.env.QRDROP_API_KEYS);
  const host = process.env.HOST ?? '0.0.0.0';
  const config = loadConfig({
    ...process.env,
    PORT: String(options.port),
    HOST: host,
    DATA_DIR: options.dataDir,
    PUBLIC_URL: process.env.PUBLIC_URL ?? `http://${lanAddress()}:${options.port}`,
    QRDROP_API_KEYS: process.env.QRDROP_API_KEYS ?? apiKey,
    DELIVERY_FOLDER: options.folder,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  buildPageIfNeeded(root, config.distDir);

  const app = await buildApp({ config, logger: true });
  await app.listen({ port: config.port, host: config.host });
  const e2e = options.e2e ? await makeE2eKeyPair(path.resolve(root, options.dataDir)) : undefined;

  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/upload-sessions',
    headers: { authorization: `Bearer ${apiKey}` },
    payload: {
      max_images: options.maxImages,
      allowed_mime_types: options.types,
      expires_in_hours: options.expiresInHours,
      ...(options.password === undefined ? {} : { password: options.password }),
      ...(options.label === undefined ? {} : { label: options.label }),
      ...(e2e === undefined ? {} : { e2e_public_key: e2e.publicPem }),
    },
  });
  if (created.statusCode !== 201) throw new Error(`Could not create the session: ${created.body}`);
  const session = created.json<{ id: string; upload_url: string; expires_at: string }>();

  printBanner({
    uploadUrl: session.upload_url,
    desktopUrl: `${config.publicUrl}/s/${session.id}#key=${apiKey}`,
    apiKey,
    folder: path.resolve(root, options.folder),
    maxImages: options.maxImages,
    expiresAt: session.expires_at,
    passwordProtected: options.password !== undefined,
  });

  app.qrdrop.events.subscribe(session.id, (event) => printPhoto(app.qrdrop, options.maxImages, event));
  const stopOpening = e2e === undefined ? () => {} : openArrivals(e2e, path.resolve(root, options.folder), config.publicUrl);

  const stop = () => {
    console.log('\nStopping: finishing uploads in progress…');
    stopOpening();
    void closeGracefully(app, TIMEOUTS.shutdownGraceMs).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/**
 * `--e2e`: the folder delivery writes each photo as its envelope (`.enc`); this machine, which alone holds the
 * private key, opens them into the photos beside them, checking the folder once a second.
 */
function openArrivals(e2e: E2eKeyPair, folder: string, publicUrl: string): () => void {
  console.log(`End-to-end encryption: private key in ${e2e.keyFile} (0600); the server cannot open the photos.`);
  if (!/^https:|^http:\/\/(localhost|127\.0\.0\.1)[:/]/.test(publicUrl)) {
    console.log(`Note: ${publicUrl} is plain http, where phones cannot encrypt; serve it over https (PUBLIC_URL) or open it on this machine.`);
  }
  let busy = false;
  const reported = new Set<string>();
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void decryptFolder(folder, e2e.privatePem, (file) => {
      if (!reported.has(file)) console.log(`Could not open ${file}: not sealed for this run's key.`);
      reported.add(file);
    })
      .then((written) => written.forEach((file) => console.log(`Decrypted ${file}`)))
      .finally(() => (busy = false));
  }, 1000);
  return () => clearInterval(timer);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
  process.exit(1);
});
