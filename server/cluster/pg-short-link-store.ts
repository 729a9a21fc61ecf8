import type pg from 'pg';
import * as v from 'valibot';
import type { ShortLinkStore } from './short-link-store';

const CodeRow = v.object({ code: v.string() });
const SessionRows = v.array(v.object({ session_id: v.string() }));

/**
 * The ShortLinkStore of a cluster. One link per session exactly (short_links' unique index on session_id): two
 * instances sharing one session at once both insert, one wins, and both read back the winner's code.
 * The pool is the cluster's: it is not ended here.
 */
export class PgShortLinkStore implements ShortLinkStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async codeOf(sessionId: string, fresh: string, now: number): Promise<string> {
    await this.#pool.query('INSERT INTO short_links (code, session_id, created_at) VALUES ($1, $2, $3) ON CONFLICT (session_id) DO NOTHING', [fresh, sessionId, now]);
    return v.parse(CodeRow, (await this.#pool.query('SELECT code FROM short_links WHERE session_id = $1', [sessionId])).rows[0]).code;
  }

  async sessionOf(code: string): Promise<string | undefined> {
    return v.parse(SessionRows, (await this.#pool.query('SELECT session_id FROM short_links WHERE code = $1', [code])).rows)[0]?.session_id;
  }
}
