/** The metrics-reporter lock seen from outside, as an operator (or a failure) would act on it. */
import type pg from 'pg';

/**
 * Ends the PostgreSQL session holding the metrics-reporter lock of `schema` (as a network failure or a crashed
 * replica would); resolves to whether there was one.
 */
export async function terminateMetricsReporter(admin: pg.Pool, schema: string): Promise<boolean> {
  // The lock's key is (4660002, hashtext(schema)); pg_locks shows the second key as an unsigned oid.
  const { rows } = await admin.query<{ ended: boolean }>(
    `SELECT pg_terminate_backend(l.pid) AS ended FROM pg_locks l
     WHERE l.locktype = 'advisory' AND l.classid = 4660002 AND l.objsubid = 2 AND l.granted
       AND l.objid::bigint = (hashtext($1)::bigint & 4294967295)`,
    [schema],
  );
  return rows.length === 1 && rows[0]?.ended === true;
}
