/**
 * The one SQL seam. Embedded PostgreSQL (PGlite) and PostgreSQL (`pg`) both implement it, so every repository, every
 * migration and every contract test runs the same SQL against both.
 *
 * Conventions every caller follows so both drivers behave alike:
 * - JSON goes in as text with an explicit cast (`$1::jsonb`, pass `JSON.stringify(value)`): `pg` would turn a JS array
 *   into a PostgreSQL array literal.
 * - `bigint` columns come back as strings from `pg` and as numbers from PGlite: rows are parsed with zod at the
 *   repository edge (`z.coerce.number()`), never trusted raw.
 * - Inside `transaction(fn)`, use only the handle passed to `fn`. Calling the database itself from inside the callback
 *   throws at once instead of deadlocking PGlite's single connection (or escaping the transaction on `pg`).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { BotError, describeError, type BotErrorCode } from '../errors.js';

export interface QueryResult<R> {
  readonly rows: R[];
  /** Rows returned, or rows changed by INSERT/UPDATE/DELETE without RETURNING. */
  readonly rowCount: number;
}

/** What a repository needs: a database or an open transaction. */
export interface Queryable {
  /** One statement with `$1`-style parameters. Driver failures reject with a `BotError` (see `toStoreError`). */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Several statements without parameters (simple query protocol): migrations and scripts. */
  exec(sql: string): Promise<void>;
}

export type DatabaseKind = 'embedded' | 'postgres';

export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws (the error is rethrown as is).
   * On PGlite transactions are serialized with every other statement; on PostgreSQL each gets its own connection.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Resolves when the database answers within `timeoutMs`; otherwise rejects with `store_unavailable`. */
  ping(timeoutMs?: number): Promise<void>;
  /**
   * Embedded store: hands over the answers its thread has sent, now rather than when the event loop gets to them
   * (see pglite-worker.ts). Absent where there is nothing to hand over.
   */
  deliverReplies?(): void;
  /** Damage a failed query revealed (embedded store only: PostgreSQL's own damage is its administrator's). */
  damage(): RuntimeDamage | undefined;
  close(): Promise<void>;
}

/** True for a `Database` (which can open its own transactions), false for a transaction handle. */
export function isDatabase(q: Queryable): q is Database {
  return typeof (q as Partial<Database>).transaction === 'function';
}

/** Runs `fn` in a transaction when given a database; reuses the caller's transaction when given one. */
export async function inTransaction<T>(q: Queryable, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return isDatabase(q) ? q.transaction(fn) : fn(q);
}

/** The SQLSTATE of a driver error (walking `cause`), e.g. `23505` for a unique violation. */
export function sqlStateOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = current.cause;
  }
  return undefined;
}

/**
 * SQLSTATEs that blame the statement's values, not the store: data exceptions (class 22: a NUL in text, a bad
 * Unicode escape, a timestamp out of range), program limits (class 54: an index row too large), NOT NULL and CHECK
 * violations. The same values fail again however often they are retried; other requests' values would not.
 */
function isDataErrorState(state: string): boolean {
  return state.startsWith('22') || state.startsWith('54') || state === '23502' || state === '23514';
}

/**
 * Every database failure leaves the store as a `BotError`:
 * - `store_data_error` when the values are at fault (see `isDataErrorState`): retrying cannot help, so the HTTP
 *   layer answers 400 for the request that carried them;
 * - `store_conflict` for other integrity failures, serialization failures and deadlocks;
 * - `store_unavailable` for everything else (connection refused, server gone, closed database, timeouts), which the
 *   HTTP layer answers with 503 so that Falco retries rather than losing the alert.
 */
export function toStoreError(error: unknown, doing: string): BotError {
  if (error instanceof BotError) return error;
  const state = sqlStateOf(error);
  const suffix = state === undefined ? '' : ` (SQLSTATE ${state})`;
  return new BotError(storeErrorCode(state), `store: ${doing} failed: ${describeError(error)}${suffix}`, {
    cause: error,
  });
}

function storeErrorCode(state: string | undefined): BotErrorCode {
  if (state === undefined) return 'store_unavailable';
  if (isDataErrorState(state)) return 'store_data_error';
  if (state.startsWith('23') || state === '40001' || state === '40P01') return 'store_conflict';
  return 'store_unavailable';
}

/** A short, secret-free label for error messages: the statement's first words, never its parameters. */
export function firstWords(sql: string): string {
  return sql.trim().replace(/\s+/g, ' ').slice(0, 60);
}

/** Rejects after `ms` with `store_unavailable` unless `work` settles first. */
export async function withTimeout<T>(work: Promise<T>, ms: number, doing: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new BotError('store_unavailable', `store: ${doing} did not answer within ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Detects a database being called from inside its own transaction callback. Async context (not a flag) so that
 * concurrent, unrelated callers are not mistaken for nested ones.
 *
 * Its price, measured on Node 20.20 for issue 16: AsyncLocalStorage turns on async hooks for the whole process,
 * about 45 ns more per promise and 15 ns per other async resource; an intake request of one alert on PostgreSQL
 * makes about 27 of them (17 promises), so about 1 µs of the bot's several hundred per alert. Kept always on.
 */
export class TransactionScope {
  readonly #active = new AsyncLocalStorage<object>();

  run<T>(owner: object, fn: () => Promise<T>): Promise<T> {
    return this.#active.run(owner, fn);
  }

  assertOutside(owner: object): void {
    if (this.#active.getStore() === owner) {
      throw new Error(
        'store: the database was called inside its own transaction; use the transaction handle passed to the callback',
      );
    }
  }
}

/** Quotes a schema name after checking it is a plain lower-case identifier (schemas come from tests and config). */
export function quoteSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new BotError(
      'store_unavailable',
      `store: invalid schema name "${schema}" (expected [a-z_][a-z0-9_]*)`,
    );
  }
  return `"${schema}"`;
}

export interface RuntimeDamage {
  /** PostgreSQL's message, e.g. `could not read blocks 3..3 in file "base/5/16396": read only 0 of 8192 bytes`. */
  readonly message: string;
  /** The file it names, relative to PGlite's directory (`base/5/16396`), when it names one. */
  readonly file: string | undefined;
  readonly since: Date;
}
