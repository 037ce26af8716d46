/**
 * The embedded store on its own thread. PGlite runs PostgreSQL as WebAssembly on the thread that calls it; on the
 * main thread every statement's execution stalls HTTP parsing, validation and Slack work, so a busy intake used one
 * core while the other idled. Here PGlite lives in a worker thread (pglite-worker-script.ts) and this `Database`
 * sends it each statement as a message: SQL and the main thread's JavaScript overlap on two cores.
 *
 * One connection, as before: a lane on this side runs one whole transaction at a time (BEGIN, the callback's
 * statements, COMMIT), so a transaction never interleaves with other statements. A statement outside a transaction
 * holds the lane only until it is sent, not until its answer: the worker runs what it receives in order, so the next
 * statement (the next intake batch) waits in the worker's queue instead of for a round trip. Statements a caller
 * sends without waiting (`Promise.all`) are queued in the worker in the order sent, so the worker need not wait for
 * this thread between them: while this thread parses requests, a reply can wait a few milliseconds to be read. The worker answers in
 * order; a failure comes back as its message and SQLSTATE and is mapped like any driver error (`toStoreError`).
 *
 * The worker keeps the process alive only while a statement is waiting for its answer (an idle open store does not
 * hold the process open); if it dies (a WebAssembly abort that takes the thread down), every waiting and later
 * statement fails with `store_unavailable`.
 */
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { BotError } from '../errors.js';
import type { CopyIn } from './alert-insert.js';
import type { DamageMonitor } from './damage-monitor.js';
import { WORKER_SOURCE } from './pglite-worker-script.js';
import {
  firstWords,
  quoteSchema,
  toStoreError,
  TransactionScope,
  withTimeout,
  type Database,
  type Queryable,
  type QueryResult,
  type RuntimeDamage,
} from './database.js';

export interface WorkerOptions {
  /** PGlite's options: the worker passes them to `PGlite.create` (a seed Blob is cloned across). */
  readonly pglite: {
    readonly dataDir?: string;
    readonly postgresqlconf: readonly string[];
    readonly loadDataDir?: Blob;
  };
  readonly schema?: string | undefined;
  readonly monitor: DamageMonitor;
  readonly onClose?: () => void;
  /** The worker's body (default WORKER_SOURCE); tests add to it to end the thread at a chosen moment. */
  readonly source?: string;
}

type Request =
  | { readonly op: 'query'; readonly sql: string; readonly params: readonly unknown[] }
  | { readonly op: 'copy'; readonly into: string; readonly chunks: readonly string[] }
  | { readonly op: 'exec'; readonly sql: string }
  | { readonly op: 'close' };

interface Answer {
  readonly id: number;
  readonly ok: boolean;
  readonly rows?: unknown[];
  readonly affectedRows?: number;
  readonly command?: string;
  readonly error?: PlainError;
}

interface PlainError {
  readonly name: string;
  readonly message: string;
  readonly cause?: PlainError;
  readonly [field: string]: unknown;
}

/** Starts the worker, opens PGlite in it and returns the `Database` over it. */
export async function openPgliteWorker(options: WorkerOptions): Promise<Database> {
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(options.source ?? WORKER_SOURCE, {
    eval: true,
    workerData: {
      entry: createRequire(import.meta.url).resolve('@electric-sql/pglite'),
      options: { ...options.pglite, postgresqlconf: [...options.pglite.postgresqlconf] },
      port: port2,
    },
    transferList: [port2],
  });
  const ready = await new Promise<{ ready: boolean; error?: PlainError } | Error>((resolve) => {
    worker.once('message', resolve);
    worker.once('error', resolve);
  });
  if (ready instanceof Error || !ready.ready) {
    port1.close();
    await worker.terminate();
    throw ready instanceof Error ? ready : revive(ready.error);
  }
  const db = new WorkerDatabase(worker, port1, options);
  if (options.schema !== undefined) {
    const schema = quoteSchema(options.schema);
    await db.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema}`);
  }
  return db;
}

class WorkerDatabase implements Database, CopyIn {
  readonly kind = 'embedded' as const;
  readonly #worker: Worker;
  readonly #port: MessagePort;
  readonly #options: WorkerOptions;
  readonly #scope = new TransactionScope();
  readonly #waiting = new Map<number, { resolve(answer: Answer): void; reject(error: Error): void }>();
  #nextId = 1;
  #lane: Promise<unknown> = Promise.resolve();
  #dead: Error | undefined;
  #closed = false;
  /** Set by `transaction` until its first statement is sent, which then carries the BEGIN. */
  #beginWithNext = false;

  constructor(worker: Worker, port: MessagePort, options: WorkerOptions) {
    this.#worker = worker;
    this.#port = port;
    this.#options = options;
    worker.unref();
    port.unref();
    port.on('message', (answer: Answer) => this.#answer(answer));
    worker.on('error', (error) => this.#die(error));
    worker.on('exit', (code) => this.#die(new Error(`the embedded database's thread exited (code ${code})`)));
  }

  query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    this.#scope.assertOutside(this);
    return this.#sentInLane(() => this.#query<R>({ op: 'query', sql, params }));
  }

  exec(sql: string): Promise<void> {
    this.#scope.assertOutside(this);
    return this.#sentInLane(() => this.#exec(sql));
  }

  async copyIn(into: string, chunks: readonly string[]): Promise<void> {
    this.#scope.assertOutside(this);
    await this.#sentInLane(() => this.#copy(into, chunks));
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    this.#scope.assertOutside(this);
    return this.#inLane(async () => {
      if (this.#dead !== undefined) throw this.#dead;
      // BEGIN travels with the transaction's first statement: one round trip less per transaction.
      this.#beginWithNext = true;
      let result: T;
      try {
        result = await this.#scope.run(this, () => fn(this.#handle()));
      } catch (error) {
        if (!this.#beginWithNext) await this.#statement('ROLLBACK').catch(() => undefined);
        this.#beginWithNext = false;
        throw error; // the callback's own error, unchanged
      }
      if (this.#beginWithNext) {
        this.#beginWithNext = false; // no statement ran: nothing to commit
        return result;
      }
      if ((await this.#statement('COMMIT')) === 'ROLLBACK') {
        throw new BotError('store_conflict', 'store: the transaction was rolled back at COMMIT');
      }
      return result;
    });
  }

  /**
   * Reads the answers that have arrived, now, instead of when the event loop gets to them. A busy main thread (a
   * burst of intake requests, each parsed in one go) would otherwise leave the store's thread idle in the middle
   * of a transaction until the whole burst is parsed; intake calls this before parsing each request.
   */
  deliverReplies(): void {
    for (
      let next = receiveMessageOnPort(this.#port);
      next !== undefined;
      next = receiveMessageOnPort(this.#port)
    ) {
      this.#answer(next.message as Answer);
    }
  }

  damage(): RuntimeDamage | undefined {
    return this.#options.monitor.damage;
  }

  async ping(timeoutMs = 2000): Promise<void> {
    await withTimeout(this.query('SELECT 1'), timeoutMs, 'ping');
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.#inLane(async () => {
        this.#closed = true;
        if (this.#dead === undefined) await this.#send({ op: 'close' }).catch(() => undefined);
      });
    } finally {
      this.#closed = true;
      this.#port.close();
      await this.#worker.terminate();
      this.#options.onClose?.();
    }
  }

  /** The handle a transaction callback gets: statements go straight to the worker (the lane is held). */
  #handle(): Queryable & CopyIn {
    return {
      query: <R>(sql: string, params: readonly unknown[] = []) =>
        this.#query<R>({ op: 'query', sql, params }),
      exec: (sql: string) => this.#exec(sql),
      copyIn: (into: string, chunks: readonly string[]) => this.#copy(into, chunks),
    };
  }

  async #query<R>(request: Request & { op: 'query' }): Promise<QueryResult<R>> {
    const answer = await this.#sendMapped(request, firstWords(request.sql));
    const rows = (answer.rows ?? []).map(localDates) as R[];
    return { rows, rowCount: Math.max(rows.length, answer.affectedRows ?? 0) };
  }

  async #copy(into: string, chunks: readonly string[]): Promise<void> {
    await this.#sendMapped({ op: 'copy', into, chunks }, `COPY ${into}`.slice(0, 60));
  }

  async #exec(sql: string): Promise<void> {
    await this.#sendMapped({ op: 'exec', sql }, 'script');
  }

  /** BEGIN, COMMIT or ROLLBACK: their failures are the store's, not the callback's. */
  async #statement(sql: string): Promise<string> {
    return (await this.#sendMapped({ op: 'exec', sql }, 'transaction')).command ?? '';
  }

  /** Sends `request`; a failure is watched for damage and rejects as a store error about `doing`. */
  async #sendMapped(request: Request, doing: string): Promise<Answer> {
    try {
      return await this.#send(request);
    } catch (error) {
      this.#options.monitor.observe(error);
      throw toStoreError(error, doing);
    }
  }

  #inLane<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#lane.then(() => {
      if (this.#closed) throw new BotError('store_unavailable', 'store: the embedded database is closed');
      return work();
    });
    this.#lane = run.catch(() => undefined);
    return run;
  }

  /** Sends a statement in lane order and frees the lane once it is sent (see the header). */
  #sentInLane<T>(send: () => Promise<T>): Promise<T> {
    const sent = this.#lane.then(() => {
      if (this.#closed) throw new BotError('store_unavailable', 'store: the embedded database is closed');
      // Wrapped: a promise returned from a then() callback would be awaited, holding the lane until the answer.
      return { answer: send() };
    });
    this.#lane = sent.catch(() => undefined);
    return sent.then((wrapped) => wrapped.answer);
  }

  #send(request: Request): Promise<Answer> {
    if (this.#dead !== undefined) return Promise.reject(this.#dead);
    const id = this.#nextId++;
    const begin = this.#beginWithNext;
    this.#beginWithNext = false;
    return new Promise<Answer>((resolve, reject) => {
      if (this.#waiting.size === 0) this.#port.ref();
      this.#waiting.set(id, { resolve, reject });
      this.#port.postMessage({ id, begin, ...request });
    });
  }

  #answer(answer: Answer): void {
    const waiter = this.#waiting.get(answer.id);
    if (waiter === undefined) return;
    this.#waiting.delete(answer.id);
    if (this.#waiting.size === 0) this.#port.unref();
    if (answer.ok) waiter.resolve(answer);
    else waiter.reject(revive(answer.error));
  }

  #die(cause: Error): void {
    if (this.#dead !== undefined) return;
    this.#dead = new BotError('store_unavailable', `store: the embedded database stopped: ${cause.message}`, {
      cause,
    });
    if (!this.#closed) this.#options.monitor.observe(cause);
    for (const waiter of this.#waiting.values()) waiter.reject(this.#dead);
    this.#waiting.clear();
  }
}

/** The worker's error as an `Error` with its fields (`code` carries the SQLSTATE that `toStoreError` reads). */
function revive(plain: PlainError | undefined): Error {
  if (plain === undefined) return new Error('the embedded database failed without saying why');
  const { name, message, cause, ...fields } = plain;
  const error = new Error(message, cause === undefined ? undefined : { cause: revive(cause) });
  error.name = name;
  return Object.assign(error, fields);
}

/**
 * A row whose Date columns are Dates of this realm. Structured clone makes Dates of the receiving thread's main
 * realm; code running in another realm of the same thread (Jest's module sandbox) would not recognise them.
 */
function localDates(row: unknown): unknown {
  if (typeof row !== 'object' || row === null) return row;
  const record = row as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (
      typeof value === 'object' &&
      value !== null &&
      !(value instanceof Date) &&
      Object.prototype.toString.call(value) === '[object Date]'
    ) {
      record[key] = new Date((value as Date).getTime());
    }
  }
  return row;
}
