import type pg from 'pg';

/** A pool, or one of its connections inside a transaction: what a query helper runs on. */
export type Queryable = pg.Pool | pg.PoolClient;

/**
 * Runs `work` in one transaction on one connection of the pool: committed when it resolves, rolled back when it
 * throws. A connection whose rollback failed is broken, and is destroyed rather than handed out again.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
