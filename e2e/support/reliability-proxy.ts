import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 between the page and the server, under the test's control: it can cut
 * connections after a given number of bytes from the page (a connection dropping mid-upload: RST, as
 * when a phone changes network), slow what the page sends (so a queue is still mid-way when the test
 * acts), and point at a new server port (a restarted server). The page's origin is the proxy's, so it
 * stays the same across server restarts (IndexedDB is per origin).
 */
export class ReliabilityProxy {
  target: number;
  /** Bytes per second from page to server; undefined for full speed. */
  throttle: number | undefined;
  /** Where each cut happened: the bytes that had gone through that connection. */
  readonly cuts: number[] = [];
  /** Where each stall began: after that many bytes the connection stays open and silent. */
  readonly stalls: number[] = [];
  #plan: number[] = [];
  #stallPlan: number[] = [];
  #server: net.Server | undefined;
  #port = 0;
  readonly #sockets = new Set<net.Socket>();
  /** Stalled connections: their teardown, run when the page opens a new connection. */
  readonly #stalled = new Set<() => void>();

  constructor(target: number, options: { throttle?: number } = {}) {
    this.target = target;
    this.throttle = options.throttle;
  }

  get port(): number {
    return this.#port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** The next connections to pass these byte counts (page → server) are cut there, one cut per threshold. */
  cutAfter(thresholds: readonly number[]): void {
    this.#plan = [...thresholds];
  }

  /**
   * The next connections to pass these byte counts stop there: nothing more is read from the page or
   * forwarded, and nothing is closed, as with a radio that lost its signal without a reset. Such a
   * connection is torn down when the page sends on another one.
   */
  stallAfter(thresholds: readonly number[]): void {
    this.#stallPlan = [...thresholds];
  }

  get cutsLeft(): number {
    return this.#plan.length;
  }

  /** Listens on 127.0.0.1; `port` 0 for any free one (the default), or a given one to reopen on the same origin. */
  async start(port = 0): Promise<void> {
    const server = net.createServer((client) => this.#connect(client));
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (typeof address !== 'object' || address === null) throw new Error('proxy has no address');
    this.#port = address.port;
  }

  async stop(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  #connect(client: net.Socket): void {
    const upstream = net.connect(this.target, '127.0.0.1');
    this.#sockets.add(client).add(upstream);
    let forwarded = 0;
    const end = () => {
      client.destroy();
      upstream.destroy();
      this.#sockets.delete(client);
      this.#sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    upstream.on('data', (chunk) => client.write(chunk));

    client.on('data', (chunk) => {
      // A stalled connection is not read any more, so its end from the page would never be seen; the
      // page sending the upload again on another one means it gave up on it: tear it down (the server sees it end
      // unfinished). Only an upload (a POST): the page also fetches chunks while it sends (the preparation worker
      // for the quality hint), and tearing the stall down then would end it long before the page's stall watch.
      if (this.#stalled.size > 0 && chunk.subarray(0, 5).toString('latin1') === 'POST ') {
        for (const teardown of this.#stalled) teardown();
        this.#stalled.clear();
      }
      const stallAt = this.#stallPlan[0];
      if (stallAt !== undefined && forwarded + chunk.length >= stallAt) {
        this.#stallPlan.shift();
        upstream.write(chunk.subarray(0, Math.max(0, stallAt - forwarded)));
        this.stalls.push(stallAt);
        client.pause();
        this.#stalled.add(end);
        return;
      }
      const threshold = this.#plan[0];
      if (threshold !== undefined && forwarded + chunk.length >= threshold) {
        this.#plan.shift();
        upstream.write(chunk.subarray(0, Math.max(0, threshold - forwarded)));
        this.cuts.push(threshold);
        // RST towards the page, as a dropped network does; the server sees its request end unfinished.
        client.resetAndDestroy();
        upstream.destroy();
        return;
      }
      forwarded += chunk.length;
      const rate = this.throttle;
      if (rate === undefined) {
        upstream.write(chunk);
        return;
      }
      client.pause();
      setTimeout(
        () => {
          if (!upstream.destroyed) upstream.write(chunk);
          if (!client.destroyed) client.resume();
        },
        (chunk.length / rate) * 1000,
      );
    });
  }
}
