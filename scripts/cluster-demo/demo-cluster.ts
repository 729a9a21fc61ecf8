import net from 'node:net';
import { type RoundRobinProxy, startRoundRobinProxy } from '../../server/cluster/round-robin-proxy';
import { type DemoInstance, startDemoInstance } from './demo-instance';

/**
 * The demo's cluster: two qrdrop instances on one PostgreSQL and one bucket, behind the round-robin proxy on
 * loopback, each instance configured by its environment alone, as a deployment would be.
 */
export interface DemoCluster {
  /** The proxy's origin: every link and QR code points there. */
  url: string;
  proxy: RoundRobinProxy;
  instances: DemoInstance[];
  /** Stops the proxy, then both instances (their spools go). */
  stop: () => Promise<void>;
}

export interface DemoClusterSettings {
  /** The checkout to run server/main.ts from. */
  root: string;
  /** DATABASE_URL, S3_* and AWS_* of the cluster's PostgreSQL and bucket. */
  clusterEnv: Record<string, string>;
  apiKey: string;
  distDir: string;
  /** The proxy's port; 0: one the system picks. */
  port?: number;
}

export const DEMO_INSTANCES = ['demo-a', 'demo-b'] as const;

export async function startDemoCluster({ root, clusterEnv, apiKey, distDir, port = 0 }: DemoClusterSettings): Promise<DemoCluster> {
  // The instances write the proxy's origin into links before the proxy can start (it needs their ports).
  const proxyPort = port === 0 ? await freeLoopbackPort() : port;
  const url = `http://127.0.0.1:${proxyPort}`;
  const env = {
    ...clusterEnv,
    PUBLIC_URL: url,
    QRDROP_API_KEYS: apiKey,
    DIST_DIR: distDir,
    // Behind the proxy: the phone's address is the one in X-Forwarded-For (rate limits, allowed IPs).
    TRUST_PROXY: 'true',
    // Event webhooks, Socket.IO and the desktop pages answer 501 until they are ported; the phone's path is.
  };
  const started = await Promise.allSettled(DEMO_INSTANCES.map((name) => startDemoInstance(root, name, env)));
  const instances = started.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const failed = started.find((outcome) => outcome.status === 'rejected');
  if (failed !== undefined) {
    await Promise.all(instances.map((instance) => instance.stop()));
    throw failed.reason;
  }
  let proxy: RoundRobinProxy;
  try {
    proxy = await startRoundRobinProxy(
      instances.map((instance) => instance.url),
      { port: proxyPort },
    );
  } catch (error) {
    await Promise.all(instances.map((instance) => instance.stop()));
    throw error;
  }
  return {
    url,
    proxy,
    instances,
    stop: async () => {
      await proxy.close();
      await Promise.all(instances.map((instance) => instance.stop()));
    },
  };
}

/** A port nobody listens on now (the system's pick, let go at once). */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
