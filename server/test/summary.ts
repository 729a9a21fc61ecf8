import fs from 'node:fs';
import path from 'node:path';

/** Where the per-scenario lines land, one file per suite, for the README's reliability section. */
const SUMMARY_DIR = path.resolve('.tmp', 'reliability');

/**
 * Collects one line per scenario (what was sent, what came back, what was left on disk) and prints them in one
 * block when the suite ends, also writing them to .tmp/reliability/<suite>.txt. Lines are recorded with the
 * measured values before the test asserts them, so a failing scenario prints what really happened.
 */
export class ScenarioSummary {
  readonly #lines: string[] = [];
  constructor(readonly suite: string) {}

  add(line: string): void {
    this.#lines.push(line);
  }

  flush(): void {
    if (this.#lines.length === 0) return;
    const text = this.#lines.map((line) => `${this.suite} | ${line}`).join('\n');
    console.log(`\n${text}\n`);
    fs.mkdirSync(SUMMARY_DIR, { recursive: true });
    fs.writeFileSync(path.join(SUMMARY_DIR, `${this.suite}.txt`), `${text}\n`);
  }
}
