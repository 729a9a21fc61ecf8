import pg from 'pg';

/** PostgreSQL's type number of int8 (`bigint`: the ms timestamps, `COUNT(*)`). */
const INT8_OID = 20;

/**
 * node-postgres returns int8 as a string (it may not fit a JS number), which the valibot row parsers rightly
 * refuse. Every int8 here is a ms timestamp or a count, far below 2^53: read it as a number, and fail loudly on one
 * that is not safe, rather than round it.
 */
function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`a bigint column holds ${text}, beyond what a JS number holds exactly`);
  return value;
}

export interface PgPoolOptions {
  /** Connections at most (pool size × instances must stay under the server's max_connections). */
  max?: number;
  /** search_path for every connection: the tests' own schemas; in production, the default (public). */
  schema?: string;
  applicationName?: string;
  /**
   * An idle connection of the pool failed (the server restarted, a failover, `pg_terminate_backend`). The pool has
   * already dropped it and the next query opens a new one; without a listener the 'error' event would end the process.
   */
  onIdleError?: (error: Error) => void;
}

/** A pool for the cluster's rows: int8 as numbers (per pool, never the module-wide parser), optional schema. */
export function createPgPool(url: string, { max = 10, schema, applicationName = 'qrdrop', onIdleError = () => {} }: PgPoolOptions = {}): pg.Pool {
  const types = new pg.TypeOverrides();
  types.setTypeParser(INT8_OID, parseInt8);
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error('schema must be a plain lowercase identifier');
  const pool = new pg.Pool({
    connectionString: url,
    max,
    types,
    application_name: applicationName,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  pool.on('error', onIdleError);
  return pool;
}
