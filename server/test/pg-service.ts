import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A throwaway PostgreSQL for the cluster tests: Debian's `postgresql-15` binaries, `initdb` into a temporary folder,
 * `pg_ctl start` on 127.0.0.1 and a private port and socket folder, `pg_ctl stop -m immediate` and the folder removed
 * at the end. PostgreSQL refuses to run as root (as CI and this machine run): there the commands go through
 * `runuser -u postgres` (the user Debian's package creates), and the folder is handed to that user.
 */
export interface PgService {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust authentication: loopback only, never a real server). */
  url: string;
  port: number;
  /** Its temporary folder: data directory, socket, log. */
  folder: string;
  /** Stops the server and removes its folder; safe to call more than once. */
  stop: () => void;
}

/** Ports of this suite (loopback only); QRDROP_TEST_PG_PORT picks one. */
const PORT_RANGE = { first: 4750, last: 4759 };
/** Debian's layout; QRDROP_PG_BIN points elsewhere (another version ≥ 15, a developer's build). */
const DEFAULT_BIN = '/usr/lib/postgresql/15/bin';
const COMMAND_TIMEOUT_MS = 60_000;

export async function startPgService(env: NodeJS.ProcessEnv = process.env): Promise<PgService> {
  const bin = env.QRDROP_PG_BIN ?? DEFAULT_BIN;
  if (!fs.existsSync(path.join(bin, 'initdb'))) {
    throw new Error(`PostgreSQL's initdb was not found in ${bin}: install it (apt-get install postgresql-15) or set QRDROP_PG_BIN to its bin folder`);
  }
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? (env.QRDROP_PG_USER ?? 'postgres') : undefined;
  const owner = user === undefined ? undefined : systemUser(user);
  const port = env.QRDROP_TEST_PG_PORT === undefined ? await freePort() : Number(env.QRDROP_TEST_PG_PORT);

  // The folder must be reachable by the postgres user: a root-only TMPDIR is not.
  const tmp = asRoot && (fs.statSync(os.tmpdir()).mode & 0o001) === 0 ? '/tmp' : os.tmpdir();
  const root = fs.mkdtempSync(path.join(tmp, 'qrdrop-pg-'));
  if (owner !== undefined) fs.chownSync(root, owner.uid, owner.gid);
  const data = path.join(root, 'data');
  const log = path.join(root, 'log');
  const run = (command: string, args: string[]) => {
    const full = path.join(bin, command);
    const [file, ...rest] = user === undefined ? [full, ...args] : ['runuser', '-u', user, '--', full, ...args];
    if (file === undefined) throw new Error('no command');
    // cwd: the postgres user may not be allowed into the caller's folder (a root-owned checkout).
    execFileSync(file, rest, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], timeout: COMMAND_TIMEOUT_MS });
  };

  let running = false;
  const stop = () => {
    if (running) {
      running = false;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // Already gone (a crash, a stop by hand): the folder still goes.
      }
    }
    process.removeListener('exit', stop);
    fs.rmSync(root, { recursive: true, force: true });
  };
  // Last resort: a runner that exits without its teardown still stops the server (synchronous, as 'exit' needs).
  process.once('exit', stop);
  try {
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
    const options = [
      `-p ${port}`,
      `-k ${root}`,
      '-c listen_addresses=127.0.0.1',
      // A scratch cluster: no durability wanted, many pools from parallel test files.
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ');
    running = true;
    run('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '30', '-o', options, 'start']);
  } catch (error) {
    const output = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
    stop();
    const detail = error instanceof Error && 'stderr' in error ? String(error.stderr) : String(error);
    throw new Error(`The test PostgreSQL did not start (port ${port}):\n${detail}\n${output}`);
  }
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, folder: root, stop };
}

function systemUser(name: string): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error(`PostgreSQL cannot run as root and there is no "${name}" user to run it as (apt-get install postgresql-15 creates it; QRDROP_PG_USER names another)`);
  }
}

/** The first port of the suite's range nobody listens on (another run's server, a stale one). */
async function freePort(): Promise<number> {
  for (let port = PORT_RANGE.first; port <= PORT_RANGE.last; port++) {
    if (await canListen(port)) return port;
  }
  throw new Error(`Ports ${PORT_RANGE.first}–${PORT_RANGE.last} are all taken: set QRDROP_TEST_PG_PORT`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
