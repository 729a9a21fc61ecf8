import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The key the reliability servers accept (each server is its own, so any well-formed key does). */
export const RELIABILITY_API_KEY = 'aptr_test_reliability00000000';

/** A free TCP port on 127.0.0.1, as the kernel hands one out. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * The real server (`tsx server/main.ts`) in its own process, with its own data directory, so a test can
 * kill it (SIGKILL: no graceful shutdown, as a crash or an OOM kill) and start it again on the same data.
 * Each start takes a new free port; a reliability proxy in front keeps the page's origin fixed.
 */
export class ReliabilityServer {
  /** Extra environment for this server (e.g. a timeout), on top of the suite's. */
  constructor(readonly env: Readonly<Record<string, string>> = {}) {}

  readonly dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-reliability-'));
  #child: ChildProcess | undefined;
  #port = 0;
  #log = '';

  get port(): number {
    return this.#port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  async start(): Promise<void> {
    if (this.#child !== undefined) throw new Error('server already running');
    this.#port = await freePort();
    // Node itself with tsx as a loader, not the tsx CLI: the CLI runs the server in a child process,
    // which a SIGKILL of the CLI would leave running.
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: {
        ...process.env,
        PORT: String(this.#port),
        HOST: '127.0.0.1',
        DATA_DIR: this.dataDir,
        PUBLIC_URL: this.url,
        QRDROP_API_KEYS: RELIABILITY_API_KEY,
        LOG_LEVEL: 'warn',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    const keep = (chunk: Buffer) => {
      this.#log = (this.#log + chunk.toString()).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    await this.#waitHealthy(child);
  }

  /** SIGKILL: whatever the server was doing is cut where it stood. */
  async kill(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    await this.kill();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  async #waitHealthy(child: ChildProcess): Promise<void> {
    for (let attempt = 0; attempt < 300; attempt += 1) {
      if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${this.#log}`);
      const healthy = await fetch(`${this.url}/healthz`).then(
        (response) => response.ok,
        () => false,
      );
      if (healthy) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`server did not become healthy:\n${this.#log}`);
  }
}
