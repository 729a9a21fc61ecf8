/**
 * The one thing each engine must provide for the scenarios (scenarios.ts): a page to drive, written once for
 * Chromium (Playwright), WebKitGTK (WebKitWebDriver) and Firefox ESR (WebDriver BiDi). Errors are caught by the
 * harness's init script in the page itself (harness-proxy.ts), so every engine reports them the same way.
 */
export type EngineName = 'chromium' | 'webkit' | 'firefox';

export interface EngineDriver {
  readonly name: EngineName;
  /** Browser name and version, for the report. */
  readonly version: string;
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  /** Runs `body` (a function body: `return …`) in the page. */
  evaluate<T>(body: string): Promise<T>;
  /** Puts files on the first `input[type=file]` matching `selector`, as the picker would. */
  setFiles(selector: string, paths: string[]): Promise<void>;
  close(): Promise<void>;
}

export interface EngineLauncher {
  name: EngineName;
  /** Whether `launch({ persistent: true })` gives a profile on disk (rather than in memory). */
  persistentProfile: boolean;
  /** A fresh browser with an empty profile; `persistent` keeps the profile on disk rather than in memory. */
  launch(options: { persistent: boolean }): Promise<EngineDriver>;
}
