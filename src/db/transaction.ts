import type pg from 'pg';

const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock detected

/** True for errors after which the database rolled the work back and running it again is safe. */
export function isRetryable(error: unknown): boolean {
  return RETRYABLE.has((error as { code?: string }).code ?? '');
}

/** Runs one autocommit statement, again if it lost a deadlock or serialization race. */
export async function retryStatement<T>(statement: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await statement();
    } catch (error) {
      if (attempt >= 5 || !isRetryable(error)) throw error;
    }
  }
}

/**
 * Runs `work` in one transaction on its own client. Deadlocks and serialization failures are
 * retried a few times, since the database rolled everything back and nothing was half-done.
 */
export async function withTransaction<T>(pool: pg.Pool, work: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      if (attempt < 5 && isRetryable(error)) continue;
      throw error;
    } finally {
      client.release();
    }
  }
}
