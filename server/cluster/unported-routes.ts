import type { FastifyInstance } from 'fastify';
import { type Config, ConfigError } from '../config';
import { Errors } from '../errors';

/**
 * The routes that still read this instance's SQLite database directly (issue 13 ports them one by one): in the
 * cluster they answer 501 rather than quietly serve one instance's local state. Each entry is a route
 * pattern as registered, and covers the patterns below it (`/api/v1/destinations` covers `…/:id`). Remove an entry
 * when its routes go through the cluster's stores.
 */
export const UNPORTED_IN_CLUSTER: readonly string[] = [
];

/**
 * Start-up in cluster mode: refused while some routes cannot run there, naming them, unless the operator opted in to
 * those routes answering 501 (QRDROP_CLUSTER_ALLOW_UNPORTED). Once the list is empty this never refuses.
 */
export function refuseUnportedClusterMode(config: Config, unported: readonly string[] = UNPORTED_IN_CLUSTER): void {
  if (config.cluster === null || config.cluster.allowUnported || unported.length === 0) return;
  throw new ConfigError(
    `Cluster mode cannot serve every route yet: ${unported.join(', ')} still run on one instance's own state ` +
      '(see "Running qrdrop as a cluster in production" in README.md). Set QRDROP_CLUSTER_ALLOW_UNPORTED=1 to start ' +
      'anyway with those routes answering 501, or unset DATABASE_URL and S3_BUCKET to run on SQLite and the data folder.',
  );
}

const covers = (entry: string, pattern: string) => pattern === entry || pattern.startsWith(`${entry}/`);

/** Whether a request for this route pattern (or, outside any route, this path) is one the cluster cannot serve yet. */
export function isUnportedInCluster(pattern: string): boolean {
  return UNPORTED_IN_CLUSTER.some((entry) => covers(entry, pattern));
}

/** The cluster's guard: 501 `not_in_cluster_mode` for every route of UNPORTED_IN_CLUSTER, before any work. */
export function refuseUnportedRoutes(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const pattern = request.routeOptions.url ?? request.url.split('?', 1)[0] ?? '';
    if (isUnportedInCluster(pattern)) throw Errors.notInClusterMode();
  });
}
