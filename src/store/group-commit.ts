/**
 * Group commit: concurrent writers share transactions. Each `write(items)` waits in a queue; the queue is committed
 * as one transaction when it holds `maxBatchItems` items or when its first writer has waited `maxDelayMs`, and while
 * one batch commits the next one fills up (`maxInFlight` batches may commit at once where the store allows it). A writer's promise resolves only after its items are committed. A writer's
 * items always go into a single transaction (all or nothing per request).
 *
 * Faults stay with the writer that caused them. When a batch of several writers fails for any reason but the store
 * being unavailable (a value the database refuses, a constraint, a conflict), each writer is retried alone, in its
 * own transaction, one after the other: the others are committed and only the guilty writer rejects, with its own
 * error (`store_data_error` for a value the database refuses, which intake answers with 400). Otherwise one sender's
 * bad alert would fail every request that happened to share its batch, and retrying would fail them again. When the
 * store is unavailable (`store_unavailable`), every writer of the batch rejects at once: retrying alone cannot help.
 *
 * This is how intake reaches thousands of alerts per second on the embedded store: a commit costs about the same
 * for one alert as for a thousand.
 *
 * `commit` must be atomic (one transaction, or one statement): the store decides how. Intake's insert is one
 * statement when the batch fits in one, so it needs no BEGIN and COMMIT round trips.
 *
 * @example
 *   const writer = createGroupCommit({ commit: (alerts) => store.alerts.insert(alerts) });
 *   const results = await writer.write(alertsOfThisRequest); // after COMMIT
 */
import { BotError, describeError } from '../errors.js';

export interface GroupCommitOptions<I, O> {
  /** Writes a batch atomically (all of it or none); returns one result per item, in order. */
  commit(items: readonly I[]): Promise<readonly O[]>;
  /** Commit as soon as this many items wait (default 1000). */
  readonly maxBatchItems?: number;
  /**
   * How long the first waiting writer waits for company before a commit starts. Default 0: the commit starts once
   * the current turn of the event loop has read what arrived with it (`setImmediate`); under load the commit in
   * flight gathers the next batch anyway.
   */
  readonly maxDelayMs?: number;
  /**
   * Commits running at once (default 1). PostgreSQL serves each on its own connection, so a second commit overlaps
   * the first one's round trips and fsync; the embedded store has one connection, where one is right.
   */
  readonly maxInFlight?: number;
  /** Beyond this many waiting items, `write` rejects at once with `store_unavailable` (default 50,000). */
  readonly maxQueuedItems?: number;
  /** Observes each committed or failed batch (metrics, logs). */
  readonly onBatch?: (batch: {
    readonly items: number;
    readonly writers: number;
    readonly ms: number;
    readonly error?: unknown;
  }) => void;
}

export interface GroupCommitStats {
  readonly batches: number;
  readonly failedBatches: number;
  readonly items: number;
  readonly queuedItems: number;
}

export interface GroupCommitWriter<I, O> {
  write(items: readonly I[]): Promise<O[]>;
  /** Resolves when everything written before the call has been committed or rejected. */
  flush(): Promise<void>;
  /** Flushes, then refuses further writes. */
  close(): Promise<void>;
  stats(): GroupCommitStats;
}

interface Waiter<I, O> {
  readonly items: readonly I[];
  resolve(results: O[]): void;
  reject(error: unknown): void;
}

export function createGroupCommit<I, O>(options: GroupCommitOptions<I, O>): GroupCommitWriter<I, O> {
  return new GroupCommit(options);
}

class GroupCommit<I, O> implements GroupCommitWriter<I, O> {
  readonly #options: GroupCommitOptions<I, O>;
  readonly #maxBatch: number;
  readonly #maxDelay: number;
  readonly #maxQueued: number;
  readonly #maxInFlight: number;
  #queue: Waiter<I, O>[] = [];
  #queuedItems = 0;
  #timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  readonly #inFlight = new Set<Promise<void>>();
  #closed = false;
  #batches = 0;
  #failedBatches = 0;
  #items = 0;

  constructor(options: GroupCommitOptions<I, O>) {
    this.#options = options;
    this.#maxBatch = options.maxBatchItems ?? 1000;
    this.#maxDelay = options.maxDelayMs ?? 0;
    this.#maxQueued = options.maxQueuedItems ?? 50_000;
    this.#maxInFlight = options.maxInFlight ?? 1;
  }

  write(items: readonly I[]): Promise<O[]> {
    if (this.#closed) {
      return Promise.reject(new BotError('store_unavailable', 'store: the writer is shutting down'));
    }
    if (items.length === 0) return Promise.resolve([]);
    if (this.#queuedItems > 0 && this.#queuedItems + items.length > this.#maxQueued) {
      return Promise.reject(
        new BotError(
          'store_unavailable',
          `store: ${this.#queuedItems} items are waiting to be written; try again`,
        ),
      );
    }
    return new Promise<O[]>((resolve, reject) => {
      this.#queue.push({ items, resolve, reject });
      this.#queuedItems += items.length;
      this.#schedule();
    });
  }

  async flush(): Promise<void> {
    while (this.#inFlight.size > 0 || this.#queue.length > 0) {
      this.#start();
      await Promise.all(this.#inFlight);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
  }

  stats(): GroupCommitStats {
    return {
      batches: this.#batches,
      failedBatches: this.#failedBatches,
      items: this.#items,
      queuedItems: this.#queuedItems,
    };
  }

  #schedule(): void {
    if (this.#inFlight.size >= this.#maxInFlight) return; // a running commit starts the next one when it ends
    if (this.#queuedItems >= this.#maxBatch) {
      this.#start();
    } else {
      this.#timer ??=
        this.#maxDelay === 0
          ? setImmediate(() => this.#start())
          : setTimeout(() => this.#start(), this.#maxDelay);
    }
  }

  #start(): void {
    if (this.#timer !== undefined) {
      if (this.#maxDelay === 0) clearImmediate(this.#timer as NodeJS.Immediate);
      else clearTimeout(this.#timer as NodeJS.Timeout);
    }
    this.#timer = undefined;
    if (this.#inFlight.size >= this.#maxInFlight || this.#queue.length === 0) return;
    const batch: Waiter<I, O>[] = [];
    let size = 0;
    while (this.#queue.length > 0) {
      const next = this.#queue[0] as Waiter<I, O>;
      if (batch.length > 0 && size + next.items.length > this.#maxBatch) break;
      batch.push(next);
      this.#queue.shift();
      size += next.items.length;
    }
    this.#queuedItems -= size;
    const running: Promise<void> = this.#commit(batch, size).finally(() => {
      this.#inFlight.delete(running);
      // Writers that queued during this commit have waited long enough: commit them now.
      if (this.#queue.length > 0) this.#start();
    });
    this.#inFlight.add(running);
  }

  async #commit(batch: readonly Waiter<I, O>[], size: number): Promise<void> {
    const started = performance.now();
    try {
      const results = await this.#run(
        batch.flatMap((waiter) => waiter.items),
        size,
      );
      this.#batches += 1;
      this.#items += size;
      this.#options.onBatch?.({ items: size, writers: batch.length, ms: performance.now() - started });
      let offset = 0;
      for (const waiter of batch) {
        waiter.resolve(results.slice(offset, offset + waiter.items.length));
        offset += waiter.items.length;
      }
    } catch (error) {
      this.#failedBatches += 1;
      this.#options.onBatch?.({ items: size, writers: batch.length, ms: performance.now() - started, error });
      const failure = asFailure(error);
      if (batch.length > 1 && failure.code !== 'store_unavailable') {
        await this.#isolate(batch);
        return;
      }
      for (const waiter of batch) waiter.reject(failure);
    }
  }

  /** Retries each writer of a failed batch alone, in order; see the header. */
  async #isolate(batch: readonly Waiter<I, O>[]): Promise<void> {
    for (const [index, waiter] of batch.entries()) {
      const started = performance.now();
      const size = waiter.items.length;
      try {
        const results = await this.#run(waiter.items, size);
        this.#batches += 1;
        this.#items += size;
        this.#options.onBatch?.({ items: size, writers: 1, ms: performance.now() - started });
        waiter.resolve(results.slice());
      } catch (error) {
        this.#failedBatches += 1;
        this.#options.onBatch?.({ items: size, writers: 1, ms: performance.now() - started, error });
        const failure = asFailure(error);
        if (failure.code === 'store_unavailable') {
          for (const rest of batch.slice(index)) rest.reject(failure);
          return;
        }
        waiter.reject(failure);
      }
    }
  }

  /** Commits `items` in one transaction; one result per item or a rejection. */
  async #run(items: readonly I[], size: number): Promise<readonly O[]> {
    const results = await this.#options.commit(items);
    if (results.length !== size) {
      throw new BotError('internal', `store: a batch of ${size} items produced ${results.length} results`);
    }
    return results;
  }
}

/**
 * A failed commit as a `BotError`. The database layer turns every driver failure into one (see `toStoreError`), so
 * anything else was thrown by the commit function's own code while it handled these items: the batch's fault, not
 * the store's, and worth isolating like a value the database refused.
 */
function asFailure(error: unknown): BotError {
  if (error instanceof BotError) return error;
  return new BotError('internal', `store: committing a batch failed: ${describeError(error)}`, {
    cause: error,
  });
}
