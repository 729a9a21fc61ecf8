import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';

/** A server the bench started as its own process, so that its memory can be read apart from the bench's. */
export interface ChildServer {
  pid: number;
  port: number;
  /** Peak resident memory since start or the last `resetPeak` (VmHWM), bytes; NaN where /proc is missing. */
  peakRssBytes(): number;
  /** Starts a new peak measurement (writes 5 to /proc/<pid>/clear_refs); false where the kernel refuses. */
  resetPeak(): boolean;
  /** What the process wrote to stderr, for error reports (last few KB). */
  stderrTail(): string;
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 5_000;
const STDERR_KEEP_CHARS = 4_000;
const running = new Set<ChildProcess>();

// The bench never leaves its servers behind, even when it is interrupted.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Runs `node --import tsx <script>` (no tsx wrapper process in between: the pid is the server's own) and waits
 * until a stdout line matches `portPattern`, whose first group is the port.
 */
export function startChild(script: string, env: Record<string, string>, portPattern: RegExp, startTimeoutMs = 30_000): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEEP_CHARS);
  });
  const pid = child.pid ?? -1;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }
    running.delete(child);
  };

  return new Promise((resolve, reject) => {
    let stdout = '';
    let listening = false;
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${script} did not start within ${startTimeoutMs} ms: ${stderr.trim().slice(-500)}`));
    }, startTimeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}) before listening: ${stderr.trim().slice(-500)}`));
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      // Later output (request logs) is read and dropped: a full pipe would block the server.
      if (listening) return;
      stdout += chunk;
      const match = portPattern.exec(stdout);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      listening = true;
      stdout = '';
      resolve({
        pid,
        port: Number(match[1]),
        peakRssBytes: () => readStatusKb(pid, 'VmHWM') * 1024,
        resetPeak: () => resetPeak(pid),
        stderrTail: () => stderr,
        stop,
      });
    });
  });
}

function readStatusKb(pid: number, field: string): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
    return match?.[1] === undefined ? Number.NaN : Number(match[1]);
  } catch {
    return Number.NaN;
  }
}

function resetPeak(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
