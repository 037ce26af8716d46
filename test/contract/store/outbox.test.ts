import { describe, expect, it } from '@jest/globals';
import { storeBackends, storeTestEnv } from '../../helpers/store.js';
import type { Job, Lease } from '../../../src/triage/ports/index.js';

const T0 = Date.parse('2026-08-13T00:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const LEASE = 30_000;

const lease = (job: Job, workerId: string): Lease => ({ id: job.id, workerId, attempts: job.attempts });

describe.each(storeBackends())('outbox store (%s)', (backend) => {
  const env = storeTestEnv(backend);

  it('runs a job through enqueue, claim and complete', async () => {
    const store = await env.fresh();
    const { id, coalesced } = await store.outbox.enqueue(
      { kind: 'slack.post', orderingKey: 'C1', payload: { groupId: 'g1', text: 'héllo' } },
      at(0),
    );
    expect(coalesced).toBe(false);
    const [job, ...rest] = await store.outbox.claim({
      workerId: 'w1',
      now: at(1),
      leaseMs: LEASE,
      limit: 10,
    });
    expect(rest).toEqual([]);
    expect(job).toMatchObject({
      id,
      kind: 'slack.post',
      orderingKey: 'C1',
      coalesceKey: null,
      payload: { groupId: 'g1', text: 'héllo' },
      state: 'leased',
      attempts: 1,
      lockedBy: 'w1',
      lockedUntil: at(31),
      createdAt: at(0),
    });
    if (job === undefined) throw new Error('no job');
    expect(await store.outbox.claim({ workerId: 'w2', now: at(2), leaseMs: LEASE, limit: 10 })).toEqual([]);
    expect(await store.outbox.complete(lease(job, 'w1'), at(3))).toBe(true);
    expect(await store.outbox.complete(lease(job, 'w1'), at(3))).toBe(false);
    expect(await store.outbox.get(id)).toMatchObject({ state: 'done', doneAt: at(3), lockedBy: null });
  });

  it('does not hand out a job before its run time, and filters by kind', async () => {
    const store = await env.fresh();
    await store.outbox.enqueue({ kind: 'github.pr', payload: {}, runAt: at(60) }, at(0));
    await store.outbox.enqueue({ kind: 'slack.post', payload: {} }, at(0));
    const claim = (now: Date, kinds?: string[]) =>
      store.outbox.claim({ workerId: 'w', now, leaseMs: LEASE, limit: 10, ...(kinds ? { kinds } : {}) });
    expect((await claim(at(1), ['github.pr'])).map((job) => job.kind)).toEqual([]);
    expect((await claim(at(1))).map((job) => job.kind)).toEqual(['slack.post']);
    expect((await claim(at(60), ['github.pr'])).map((job) => job.kind)).toEqual(['github.pr']);
  });

  it('hands each job to exactly one of many concurrent claimers', async () => {
    const store = await env.fresh();
    const jobs = 200;
    for (let index = 0; index < jobs; index++) {
      await store.outbox.enqueue({ kind: 'slack.post', payload: { index } }, at(0));
    }
    const claimers = Array.from({ length: 12 }, async (_, worker) => {
      const mine: number[] = [];
      for (;;) {
        const claimed = await store.outbox.claim({
          workerId: `w${worker}`,
          now: at(1),
          leaseMs: LEASE,
          limit: 7,
        });
        if (claimed.length === 0) return mine;
        mine.push(...claimed.map((job) => job.id));
      }
    });
    const perWorker = await Promise.all(claimers);
    const all = perWorker.flat();
    expect(all).toHaveLength(jobs);
    expect(new Set(all).size).toBe(jobs);
  }, 60_000);

  it('keeps per-key order: job 2 waits while job 1 is pending, backing off or leased', async () => {
    const store = await env.fresh();
    const first = await store.outbox.enqueue(
      { kind: 'slack.post', orderingKey: 'C1', payload: { n: 1 } },
      at(0),
    );
    const second = await store.outbox.enqueue(
      { kind: 'slack.post', orderingKey: 'C1', payload: { n: 2 } },
      at(0),
    );
    const other = await store.outbox.enqueue(
      { kind: 'slack.post', orderingKey: 'C2', payload: { n: 3 } },
      at(0),
    );
    const claim = (now: Date) => store.outbox.claim({ workerId: 'w', now, leaseMs: LEASE, limit: 10 });

    const batch = await claim(at(1));
    expect(batch.map((job) => job.id)).toEqual([first.id, other.id]);
    expect(await claim(at(2))).toEqual([]); // job 1 is leased

    const job1 = batch[0] as Job;
    expect(await store.outbox.retry(lease(job1, 'w'), at(3), at(10), 'HTTP 429 ratelimited')).toBe(true);
    expect(await claim(at(5))).toEqual([]); // job 1 backs off until 10 s; job 2 still waits
    const retried = await claim(at(10));
    expect(retried.map((job) => [job.id, job.attempts, job.lastError])).toEqual([
      [first.id, 2, 'HTTP 429 ratelimited'],
    ]);
    expect(await store.outbox.complete(lease(retried[0] as Job, 'w'), at(11))).toBe(true);
    expect((await claim(at(11))).map((job) => job.id)).toEqual([second.id]);
  });

  it('keeps per-key order with many concurrent workers: one job per key at a time, in id order', async () => {
    const store = await env.fresh();
    const keys = ['C1', 'C2', 'C3', 'C4'];
    const expected = new Map<string, number[]>(keys.map((key) => [key, []]));
    for (let index = 0; index < 60; index++) {
      const key = keys[index % keys.length] as string;
      const { id } = await store.outbox.enqueue({ kind: 'slack.post', orderingKey: key, payload: {} }, at(0));
      expected.get(key)?.push(id);
    }
    const running = new Set<string>();
    const done = new Map<string, number[]>(keys.map((key) => [key, []]));
    const violations: string[] = [];
    const workers = Array.from({ length: 8 }, async (_, worker) => {
      for (let idle = 0; idle < 20;) {
        const claimed = await store.outbox.claim({
          workerId: `w${worker}`,
          now: at(1),
          leaseMs: LEASE,
          limit: 3,
        });
        if (claimed.length === 0) {
          idle += 1;
          await new Promise((resolve) => setTimeout(resolve, 5));
          continue;
        }
        idle = 0;
        for (const job of claimed) {
          const key = job.orderingKey as string;
          if (running.has(key)) violations.push(`${key} twice at once`);
          running.add(key);
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
        for (const job of claimed) {
          running.delete(job.orderingKey as string);
          done.get(job.orderingKey as string)?.push(job.id);
          expect(await store.outbox.complete(lease(job, `w${worker}`), at(1))).toBe(true);
        }
      }
    });
    await Promise.all(workers);
    expect(violations).toEqual([]);
    expect(done).toEqual(expected);
  }, 60_000);

  it('unblocks the key when a job is given up (dead)', async () => {
    const store = await env.fresh();
    await store.outbox.enqueue({ kind: 'slack.post', orderingKey: 'C1', payload: { n: 1 } }, at(0));
    const second = await store.outbox.enqueue(
      { kind: 'slack.post', orderingKey: 'C1', payload: { n: 2 } },
      at(0),
    );
    const [job] = await store.outbox.claim({ workerId: 'w', now: at(1), leaseMs: LEASE, limit: 10 });
    expect(await store.outbox.fail(lease(job as Job, 'w'), at(2), 'channel_not_found')).toBe(true);
    const next = await store.outbox.claim({ workerId: 'w', now: at(2), leaseMs: LEASE, limit: 10 });
    expect(next.map((claimed) => claimed.id)).toEqual([second.id]);
    expect(await store.outbox.list('dead')).toMatchObject([
      { lastError: 'channel_not_found', doneAt: at(2) },
    ]);
  });

  it('makes a job claimable again when its lease runs out, and the stale worker can no longer finish it', async () => {
    const store = await env.fresh();
    await store.outbox.enqueue({ kind: 'slack.post', orderingKey: 'C1', payload: {} }, at(0));
    const [crashed] = await store.outbox.claim({ workerId: 'w1', now: at(1), leaseMs: LEASE, limit: 1 });
    expect(await store.outbox.claim({ workerId: 'w2', now: at(30), leaseMs: LEASE, limit: 1 })).toEqual([]);
    const [recovered] = await store.outbox.claim({ workerId: 'w2', now: at(31), leaseMs: LEASE, limit: 1 });
    expect(recovered).toMatchObject({ id: crashed?.id, attempts: 2, lockedBy: 'w2' });
    expect(await store.outbox.complete(lease(crashed as Job, 'w1'), at(32))).toBe(false);
    expect(await store.outbox.extend(lease(recovered as Job, 'w2'), at(40), LEASE)).toBe(true);
    expect(await store.outbox.claim({ workerId: 'w3', now: at(65), leaseMs: LEASE, limit: 1 })).toEqual([]);
    expect(await store.outbox.complete(lease(recovered as Job, 'w2'), at(66))).toBe(true);
  });

  it('coalesces: a newer job replaces a pending one with the same key, keeping its place and time', async () => {
    const store = await env.fresh();
    const post = await store.outbox.enqueue(
      { kind: 'slack.post', orderingKey: 'C1', payload: { n: 0 } },
      at(0),
    );
    const update = { kind: 'slack.update', orderingKey: 'C1', coalesceKey: 'update:g1' };
    const a = await store.outbox.enqueue({ ...update, payload: { count: 2 }, runAt: at(5) }, at(1));
    const b = await store.outbox.enqueue({ ...update, payload: { count: 3 }, runAt: at(9) }, at(2));
    const c = await store.outbox.enqueue({ ...update, payload: { count: 4 }, runAt: at(9) }, at(3));
    expect([a.coalesced, b.coalesced, c.coalesced]).toEqual([false, true, true]);
    expect(new Set([a.id, b.id, c.id]).size).toBe(1);
    expect(await store.outbox.stats(at(5))).toMatchObject({ pending: 2, due: 2 });

    const claim = (now: Date) => store.outbox.claim({ workerId: 'w', now, leaseMs: LEASE, limit: 10 });
    const [first] = await claim(at(5));
    expect(first?.id).toBe(post.id);
    await store.outbox.complete(lease(first as Job, 'w'), at(5));
    const [updating] = await claim(at(5)); // still due at 5 s: the storm did not postpone it
    expect(updating).toMatchObject({ id: a.id, payload: { count: 4 } });

    // While that update runs, a newer one queues separately (the running one has the old payload).
    const d = await store.outbox.enqueue({ ...update, payload: { count: 5 } }, at(6));
    expect(d).toMatchObject({ coalesced: false });
    expect(d.id).not.toBe(a.id);
    // The running update fails: it is superseded by the newer one rather than retried.
    expect(await store.outbox.retry(lease(updating as Job, 'w'), at(7), at(8), 'timeout')).toBe(true);
    expect(await store.outbox.get(a.id)).toMatchObject({ state: 'superseded' });
    expect((await claim(at(8))).map((job) => [job.id, job.payload])).toEqual([[d.id, { count: 5 }]]);
  });

  it('reports queue depth and prunes finished jobs', async () => {
    const store = await env.fresh();
    await store.outbox.enqueue({ kind: 'k', payload: {} }, at(0));
    await store.outbox.enqueue({ kind: 'k', payload: {}, runAt: at(100) }, at(0));
    const [job] = await store.outbox.claim({ workerId: 'w', now: at(1), leaseMs: LEASE, limit: 1 });
    expect(await store.outbox.stats(at(1))).toEqual({
      pending: 1,
      due: 0,
      leased: 1,
      dead: 0,
      oldestDueAt: null,
    });
    await store.outbox.complete(lease(job as Job, 'w'), at(2));
    expect(await store.outbox.stats(at(100))).toEqual({
      pending: 1,
      due: 1,
      leased: 0,
      dead: 0,
      oldestDueAt: at(100),
    });
    expect(await store.outbox.prune(at(2))).toBe(0);
    expect(await store.outbox.prune(at(3))).toBe(1);
  });
});
