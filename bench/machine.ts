import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { chromiumPath } from './chromium-path';

/** What the numbers were measured on: they mean little without it. */
export interface Machine {
  cpu: string;
  cores: number;
  ramGb: number;
  os: string;
  node: string;
  chromium: string;
  /** 1-minute load average when the run started: a busy shared machine shows here. */
  loadAverageAtStart: number;
}

function cpuModel(): string {
  try {
    const line = fs.readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line !== undefined) return line.split(':').slice(1).join(':').trim();
  } catch {
    // Not Linux: fall through to what Node knows.
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

function chromiumVersion(): string {
  const binary = chromiumPath();
  if (binary === undefined) return 'Playwright bundled Chromium';
  const run = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  const version = /[\d.]{6,}/.exec(run.stdout ?? '');
  return version === null ? `unknown (${binary})` : `Chromium ${version[0]}`;
}

export function describeMachine(): Machine {
  return {
    cpu: cpuModel(),
    cores: os.availableParallelism(),
    ramGb: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    chromium: chromiumVersion(),
    loadAverageAtStart: Number((os.loadavg()[0] ?? 0).toFixed(2)),
  };
}
