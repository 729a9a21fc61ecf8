import type { ServerOptions } from 'node:http';
import type { Config } from './config';
import { TIMEOUTS } from './limits';

/**
 * Options for Node's HTTP server that Fastify does not take itself. `headersTimeout` is what cuts a slowloris
 * client (Fastify's `connectionTimeout` only cuts sockets that go fully quiet, and a header line every few
 * seconds keeps one busy). Node enforces the headers and request deadlines from a periodic check, every 30 s by
 * default: a deadline is only as sharp as that check, so it runs a few times per headers deadline.
 */
export function nodeServerOptions({ headersMs, requestMs }: Config['timeouts']): ServerOptions {
  return {
    headersTimeout: headersMs,
    requestTimeout: requestMs,
    connectionsCheckingInterval: Math.max(1, Math.min(TIMEOUTS.deadlineCheckMaxMs, Math.floor(headersMs / 4))),
  };
}
