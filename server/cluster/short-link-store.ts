import type { Db } from '../db';
import { statement } from '../db';
import * as v from 'valibot';

const CodeRow = v.object({ code: v.string() });
const SessionRow = v.object({ session_id: v.string() });

/**
 * Short links as rows (server/integrator/short-link.ts makes the codes), asynchronous so one interface covers
 * SQLite (here) and PostgreSQL (pg-short-link-store.ts): a link made on one instance resolves on every other.
 */
export interface ShortLinkStore {
  /** The session's code: the one it has, or else `fresh`, recorded now. */
  codeOf(sessionId: string, fresh: string, now: number): Promise<string>;
  /** The session a code leads to, or undefined for an unknown code. */
  sessionOf(code: string): Promise<string | undefined>;
}

/** The ShortLinkStore of `npm start`: one process, synchronous, so reading then inserting cannot interleave. */
export class SqliteShortLinkStore implements ShortLinkStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  codeOf(sessionId: string, fresh: string, now: number): Promise<string> {
    return Promise.resolve().then(() => {
      const existing = v.safeParse(CodeRow, statement(this.#db, 'SELECT code FROM short_links WHERE session_id = ? LIMIT 1').get(sessionId));
      if (existing.success) return existing.output.code;
      statement(this.#db, 'INSERT INTO short_links (code, session_id, created_at) VALUES (?, ?, ?)').run(fresh, sessionId, now);
      return fresh;
    });
  }

  sessionOf(code: string): Promise<string | undefined> {
    return Promise.resolve().then(() => {
      const found = v.safeParse(SessionRow, statement(this.#db, 'SELECT session_id FROM short_links WHERE code = ?').get(code));
      return found.success ? found.output.session_id : undefined;
    });
  }
}
