import { describe, expect, it } from '@jest/globals';
import { BotError } from '../../../src/errors.js';
import { createGroupCommit, type GroupCommitWriter } from '../../../src/store/group-commit.js';

/**
 * A transactional store in memory: a transaction's writes become visible when its callback resolves, none of them
 * when it throws. Items named `poison…` make a commit fail the way PostgreSQL refuses a value (SQLSTATE 22P05);
 * `down` makes every transaction fail as an unavailable store does.
 */
class MemoryStore {
  readonly committed: string[] = [];
  /** The items of every transaction attempted, in order. */
  readonly attempts: string[][] = [];
  down = false;
  /** When set, the store goes down after this many more transactions. */
  failAfter: number | undefined;

  async transaction<T>(fn: (tx: string[]) => Promise<T>): Promise<T> {
    if (this.failAfter !== undefined && this.failAfter-- <= 0) this.down = true;
    if (this.down) throw new BotError('store_unavailable', 'store: connection refused');
    const staged: string[] = [];
    const result = await fn(staged);
    this.committed.push(...staged);
    return result;
  }

  async commit(tx: string[], items: readonly string[]): Promise<string[]> {
    this.attempts.push([...items]);
    await Promise.resolve();
    for (const item of items) {
      if (item.startsWith('poison'))
        throw new BotError(
          'store_data_error',
          `store: INSERT failed: unsupported Unicode escape sequence (SQLSTATE 22P05) in ${item}`,
        );
      if (item.startsWith('crash')) throw new TypeError(`cannot serialise ${item}`);
      tx.push(item);
    }
    return items.map((item) => `stored:${item}`);
  }
}

function writerOver(store: MemoryStore): GroupCommitWriter<string, string> {
  return createGroupCommit<string, string>({
    commit: (items) => store.transaction((tx) => store.commit(tx, items)),
    // Long enough for every write of a test to join one batch.
    maxDelayMs: 20,
  });
}

/** Writes each request concurrently (so they share a batch) and settles them all. */
async function writeAll(
  writer: GroupCommitWriter<string, string>,
  requests: readonly (readonly string[])[],
): Promise<PromiseSettledResult<string[]>[]> {
  return Promise.allSettled(requests.map((items) => writer.write(items)));
}

function codeOf(outcome: PromiseSettledResult<unknown> | undefined): string | undefined {
  return outcome?.status === 'rejected' ? (outcome.reason as BotError).code : undefined;
}

describe('group commit isolates faults', () => {
  it('retries the writers of a batch one by one when a value is refused; only the guilty one rejects', async () => {
    const store = new MemoryStore();
    const writer = writerOver(store);

    const outcomes = await writeAll(writer, [['a1', 'a2'], ['b1', 'poison-b2'], ['c1']]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(outcomes[0]).toEqual({ status: 'fulfilled', value: ['stored:a1', 'stored:a2'] });
    expect(outcomes[2]).toEqual({ status: 'fulfilled', value: ['stored:c1'] });
    expect(codeOf(outcomes[1])).toBe('store_data_error');
    expect((outcomes[1] as PromiseRejectedResult).reason).toHaveProperty(
      'message',
      expect.stringContaining('SQLSTATE 22P05'),
    );
    // One batch, then each writer alone: the guilty writer's good item is not stored either (all or nothing).
    expect(store.attempts).toEqual([
      ['a1', 'a2', 'b1', 'poison-b2', 'c1'],
      ['a1', 'a2'],
      ['b1', 'poison-b2'],
      ['c1'],
    ]);
    expect(store.committed).toEqual(['a1', 'a2', 'c1']);
    expect(writer.stats()).toMatchObject({ batches: 2, failedBatches: 2, items: 3 });
  });

  it('rejects only the guilty writers when several are guilty', async () => {
    const store = new MemoryStore();
    const writer = writerOver(store);

    const outcomes = await writeAll(writer, [['poison-1'], ['ok-1'], ['poison-2'], ['ok-2']]);

    expect(outcomes.map(codeOf)).toEqual(['store_data_error', undefined, 'store_data_error', undefined]);
    expect(store.committed).toEqual(['ok-1', 'ok-2']);
  });

  it('isolates a writer whose items make the commit code throw, rejecting it as internal', async () => {
    const store = new MemoryStore();
    const writer = writerOver(store);

    const outcomes = await writeAll(writer, [['ok-1'], ['crash-1'], ['ok-2']]);

    expect(outcomes.map(codeOf)).toEqual([undefined, 'internal', undefined]);
    expect(store.committed).toEqual(['ok-1', 'ok-2']);
  });

  it('does not retry a lone writer: it rejects with its data error at once', async () => {
    const store = new MemoryStore();
    const writer = writerOver(store);

    const outcomes = await writeAll(writer, [['poison-alone']]);

    expect(outcomes.map(codeOf)).toEqual(['store_data_error']);
    expect(store.attempts).toHaveLength(1);
  });

  it('rejects every writer of the batch, without retries, while the store is unavailable', async () => {
    const store = new MemoryStore();
    store.down = true;
    const writer = writerOver(store);

    const outcomes = await writeAll(writer, [['a'], ['poison-b'], ['c']]);

    expect(outcomes.map(codeOf)).toEqual(['store_unavailable', 'store_unavailable', 'store_unavailable']);
    expect(writer.stats()).toMatchObject({ batches: 0, failedBatches: 1 });
  });

  it('stops isolating when the store goes down meanwhile: the writers not yet retried reject as unavailable', async () => {
    const store = new MemoryStore();
    store.failAfter = 2; // the batch, then the first writer alone; then the store is gone
    const writer = writerOver(store);

    const outcomes = await writeAll(writer, [['ok-1'], ['poison-2'], ['ok-3'], ['ok-4']]);

    expect(outcomes.map(codeOf)).toEqual([
      undefined,
      'store_unavailable',
      'store_unavailable',
      'store_unavailable',
    ]);
    expect(store.committed).toEqual(['ok-1']);
  });

  it('keeps serving later batches after isolating one', async () => {
    const store = new MemoryStore();
    const writer = writerOver(store);
    await writeAll(writer, [['poison'], ['a']]);

    const later = await writeAll(writer, [['b'], ['c']]);

    expect(later.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(store.attempts.at(-1)).toEqual(['b', 'c']);
    expect(store.committed).toEqual(['a', 'b', 'c']);
  });
});

describe('commits at once (maxInFlight)', () => {
  /** A store whose transactions wait until released, counting how many run at the same moment. */
  function gatedWriter(maxInFlight: number | undefined) {
    let running = 0;
    let most = 0;
    const gates: (() => void)[] = [];
    const writer = createGroupCommit<string, string>({
      commit: async (items) => {
        running += 1;
        most = Math.max(most, running);
        await new Promise<void>((release) => gates.push(release));
        try {
          return items.map((item) => `stored:${item}`);
        } finally {
          running -= 1;
        }
      },
      maxBatchItems: 1,
      ...(maxInFlight === undefined ? {} : { maxInFlight }),
    });
    const releaseAll = async (): Promise<void> => {
      while (gates.length > 0 || running > 0) {
        gates.splice(0).forEach((release) => release());
        await new Promise((settle) => setImmediate(settle));
      }
    };
    return { writer, most: () => most, releaseAll };
  }

  it.each([
    [undefined, 1],
    [3, 3],
  ])(
    'with maxInFlight %p runs at most %i commits at once, and every write ends stored',
    async (limit, most) => {
      const gated = gatedWriter(limit);
      const writes = ['a', 'b', 'c', 'd', 'e'].map((item) => gated.writer.write([item]));
      await new Promise((settle) => setImmediate(settle));
      await new Promise((settle) => setImmediate(settle));
      const done = Promise.all(writes);
      await gated.releaseAll();
      expect(await done).toEqual([['stored:a'], ['stored:b'], ['stored:c'], ['stored:d'], ['stored:e']]);
      expect(gated.most()).toBe(most);
      await gated.writer.close();
    },
  );
});
