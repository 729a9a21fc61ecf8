import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { S3RVER_CREDENTIALS } from '../server/test/s3-service';

/**
 * One cluster instance for the bench's cluster section: the server as `npm run serve` builds it, on the environment's
 * DATABASE_URL and S3 settings (from cluster-services.ts), through
 * `buildApp({ clusterOptions })` with s3rver's fixed credentials. Logs at info, as deployed: the start-up line carries the port.
 */
const config = loadConfig();
const app = await buildApp({ config, logger: true, clusterOptions: { s3: { credentials: S3RVER_CREDENTIALS } } });
await app.listen({ port: config.port, host: config.host });

process.on('SIGTERM', () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
