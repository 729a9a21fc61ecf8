import type { FastifyInstance } from 'fastify';
import { Errors } from '../errors';

/**
 * The routes that still read this instance's SQLite database directly (issue 13 ports them one by one): in the
 * cluster preview they answer 501 rather than quietly serve one instance's local state. Each entry is a route
 * pattern as registered, and covers the patterns below it (`/api/v1/destinations` covers `…/:id`). Remove an entry
 * when its routes go through the cluster's stores.
 */
export const UNPORTED_IN_CLUSTER: readonly string[] = [
];

const covers = (entry: string, pattern: string) => pattern === entry || pattern.startsWith(`${entry}/`);

/** Whether a request for this route pattern (or, outside any route, this path) is one the cluster cannot serve yet. */
export function isUnportedInCluster(pattern: string): boolean {
  return UNPORTED_IN_CLUSTER.some((entry) => covers(entry, pattern));
}

/** The cluster preview's guard: 501 `not_in_cluster_mode` for every route of UNPORTED_IN_CLUSTER, before any work. */
export function refuseUnportedRoutes(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const pattern = request.routeOptions.url ?? request.url.split('?', 1)[0] ?? '';
    if (isUnportedInCluster(pattern)) throw Errors.notInClusterMode();
  });
}
