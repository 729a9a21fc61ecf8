import { randomUUID } from 'node:crypto';
import { request } from '@playwright/test';
import { QrdropApi } from '../support/qrdrop-api';
import type { EngineDriver, EngineLauncher } from './driver';
import { API_URL, BASE_URL, type HarnessServer } from './harness-server';

/** What a scenario gets: the engine's page, the integrator API, the harness server (init script, network). */
export interface ScenarioContext {
  driver: EngineDriver;
  launcher: EngineLauncher;
  api: QrdropApi;
  server: HarnessServer;
  /** Opens /u/{id}{search} and waits until the page's script owns #root. */
  open(id: string, search?: string): Promise<void>;
  reload(): Promise<void>;
  /** Waits until the page's h1 reads `text`. */
  heading(text: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Waits until `body` (returns a boolean) holds in the page. */
  until(body: string, what: string, timeoutMs?: number): Promise<void>;
  /** Errors the page threw or logged so far (collected across page loads). */
  errors(): Promise<string[]>;
  /** Notes for the report (what an engine could not be asked, measurements). */
  note(text: string): void;
}

export interface Scenario {
  name: string;
  timeoutMs?: number;
  /** Launch with a persistent profile; skipped (said so) in an engine that has none. */
  persistent?: boolean;
  /** Script run before the page's own on every load. */
  initScript?: string;
  run(context: ScenarioContext): Promise<void>;
}

export const randomSessionId = (): string => randomUUID();

export async function makeContext(driver: EngineDriver, launcher: EngineLauncher, server: HarnessServer, notes: string[]): Promise<{ context: ScenarioContext; dispose(): Promise<void> }> {
  const requestContext = await request.newContext({ baseURL: API_URL });
  const collected: string[] = [];
  const collect = async (): Promise<void> => {
    const now = await driver.evaluate<string[] | null>('return window.__enginesErrors ? window.__enginesErrors.splice(0) : null').catch(() => null);
    if (now) collected.push(...now);
  };
  const until = async (body: string, what: string, timeoutMs = 30_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    while (Date.now() < deadline) {
      try {
        if ((await driver.evaluate<boolean>(body)) === true) return;
      } catch (error) {
        last = error; // the page is navigating
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    const h1 = await driver.evaluate<string>("return document.querySelector('h1')?.textContent ?? '(no h1)'").catch(() => '?');
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (h1: "${h1}")${last ? `; last error: ${String(last)}` : ''}`);
  };
  const scriptStarted = "const root = document.getElementById('root'); return root !== null && Object.keys(root).some((key) => key.startsWith('__reactContainer$'));";
  const context: ScenarioContext = {
    driver,
    launcher,
    api: new QrdropApi(requestContext),
    server,
    async open(id, search = '') {
      await collect();
      await driver.goto(`${BASE_URL}/u/${id}${search}`);
      await until(scriptStarted, 'the page script to start');
    },
    async reload() {
      await collect();
      await driver.reload();
      await until(scriptStarted, 'the page script to start');
    },
    heading: (text, timeoutMs) => {
      const test = typeof text === 'string' ? `h === ${JSON.stringify(text)}` : `new RegExp(${JSON.stringify(text.source)}).test(h)`;
      return until(`const h = (document.querySelector('h1')?.textContent ?? '').replace(/\\u00a0/g, ' ').trim(); return ${test};`, `heading "${String(text)}"`, timeoutMs);
    },
    until,
    async errors() {
      await collect();
      return [...collected];
    },
    note: (text) => void notes.push(text),
  };
  return { context, dispose: () => requestContext.dispose() };
}
