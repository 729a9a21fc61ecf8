import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TEST_API_KEY } from './helpers';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Far beyond a normal start; reaching it means the server did not come up. */
const START_GIVE_UP_MS = 30_000;

export interface ServerProcess {
  port: number;
  pid: number;
  /** Resolves once the process has exited, with the signal that ended it (or null). */
  exited: Promise<NodeJS.Signals | null>;
  kill: (signal: NodeJS.Signals) => Promise<NodeJS.Signals | null>;
}

/**
 * Runs the real server, `server/main.ts` as `npm run serve` does, in its own Node process (tsx as a loader, so
 * the pid is the server's own and SIGKILL hits it, not a wrapper), on 127.0.0.1 and a port of its choosing.
 * Everything it writes to stdout and stderr goes to `output`, so tests can check what it logged.
 */
export function startServer(dataDir: string, output: string[], env: Record<string, string> = {}): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: '0',
      PUBLIC_URL: 'http://qrdrop.test',
      QRDROP_API_KEYS: TEST_API_KEY,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  return new Promise((resolve, reject) => {
    const giveUp = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not start:\n${output.join('')}`));
    }, START_GIVE_UP_MS);
    let ownOutput = ''; // this life's output only: `output` may hold an earlier life's "listening" line
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString('utf8'));
      ownOutput += chunk.toString('utf8');
      const listening = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(ownOutput);
      if (listening?.[1] === undefined || child.pid === undefined) return;
      clearTimeout(giveUp);
      const pid = child.pid;
      resolve({
        port: Number(listening[1]),
        pid,
        exited,
        kill: (signal) => {
          child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    void exited.then((signal) => {
      clearTimeout(giveUp);
      reject(new Error(`the server exited (${signal ?? 'no signal'}) before listening:\n${output.join('')}`));
    });
  });
}
