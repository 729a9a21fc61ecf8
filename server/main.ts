import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { TIMEOUTS } from './limits';
import { closeGracefully } from './shutdown';

/** `npm run serve`: the server alone, as a deployment runs it. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const app = await buildApp({ config, logger: true });
  await app.listen({ port: config.port, host: config.host });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: finishing in-flight requests (up to ${TIMEOUTS.shutdownGraceMs / 1000} s), then stopping`);
    // Last resort, should closing itself hang: exit anyway once cut-off uploads had time to clean up.
    setTimeout(() => process.exit(1), TIMEOUTS.shutdownGraceMs + TIMEOUTS.shutdownCleanupMs).unref();
    closeGracefully(app, TIMEOUTS.shutdownGraceMs).then(
      ({ cutOff }) => {
        if (cutOff) app.log.warn('requests still running at the end of the grace time were cut off');
        process.exit(0);
      },
      (error: unknown) => {
        app.log.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

void main();
