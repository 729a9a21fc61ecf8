import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One qrdrop instance of the demo: `npm run serve`'s server/main.ts in a process of its own, on loopback. */
export interface DemoInstance {
  name: string;
  url: string;
  pid: number;
  /** Its last output, for an error report. */
  outputTail: () => string;
  /** SIGTERM (it finishes uploads in progress), SIGKILL after the grace; its data folder (the spool) goes. */
  stop: () => Promise<void>;
}

const LISTENING = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/;
/** Far beyond a normal start (tsx compiles the server first). */
const START_GIVE_UP_MS = 60_000;
/** The server's own shutdown grace is longer; the demo does not wait for stragglers that long. */
const STOP_GRACE_MS = 5_000;
const OUTPUT_KEEP_CHARS = 4_000;

export function startDemoInstance(root: string, name: string, env: Record<string, string>): Promise<DemoInstance> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `qrdrop-demo-${name}-`));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, DATA_DIR: dataDir, QRDROP_INSTANCE_ID: name, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEEP_CHARS));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return new Promise((resolve, reject) => {
    const giveUp = setTimeout(() => {
      void stop();
      reject(new Error(`instance ${name} did not start:\n${output}`));
    }, START_GIVE_UP_MS);
    child.stderr?.on('data', keep);
    child.stdout?.on('data', (chunk: Buffer) => {
      keep(chunk);
      const port = LISTENING.exec(output)?.[1];
      if (port === undefined || child.pid === undefined) return;
      clearTimeout(giveUp);
      resolve({ name, url: `http://127.0.0.1:${port}`, pid: child.pid, outputTail: () => output, stop });
    });
    void exited.then(() => {
      clearTimeout(giveUp);
      fs.rmSync(dataDir, { recursive: true, force: true });
      reject(new Error(`instance ${name} exited before listening:\n${output}`));
    });
  });
}
