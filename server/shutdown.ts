import type { FastifyInstance } from 'fastify';

export interface ShutdownResult {
  /** True when requests were still running at the end of the grace time and their connections were cut. */
  cutOff: boolean;
}

/**
 * Stops the server the way a deployment wants on SIGTERM: no new connections; requests in flight (an upload
 * still streaming) get up to `graceMs` to finish; then their connections are cut. A cut upload deletes its
 * incoming file, and the upload plugin's onClose waits for that before the database closes, so nothing is left
 * half-written either way.
 */
export async function closeGracefully(app: FastifyInstance, graceMs: number): Promise<ShutdownResult> {
  const result: ShutdownResult = { cutOff: false };
  const timer = setTimeout(() => {
    result.cutOff = true;
    app.server.closeAllConnections();
  }, graceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(timer);
  }
  return result;
}
