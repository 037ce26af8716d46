/**
 * The job runner over a real outbox (PGlite): how each outcome a handler returns settles its job (done, later,
 * retry with backoff, dead), and the ordering keys. Handlers here are plain functions that answer as scripted.
 */
import { beforeEach, describe, expect, it } from '@jest/globals';
import { silentLogger } from '../../../../src/logger.js';
import type { Store } from '../../../../src/store/store.js';
import { createJobRunner, type JobOutcome, type JobRunner } from '../../../../src/triage/jobs/index.js';
import type { Job } from '../../../../src/triage/ports/index.js';
import { storeTestEnv } from '../../../helpers/store.js';
import { jobs, testClock, type TestClock } from '../workflow-fixture.js';

const KIND = 'test.work';

describe('job runner', () => {
  const env = storeTestEnv('pglite');
  let store: Store;
  let clock: TestClock;
  let runner: JobRunner;
  /** What the handler answers, job by job (the last answer repeats). */
  let answers: (JobOutcome | Error)[];
  let ran: string[];
  let dead: { job: string; code: string; message: string }[];

  beforeEach(async () => {
    store = await env.fresh();
    clock = testClock();
    answers = [{ kind: 'done' }];
    ran = [];
    dead = [];
    runner = createJobRunner({
      store,
      handlers: {
        [KIND]: (job: Job) => {
          ran.push(String(job.payload['name']));
          const answer = answers.length > 1 ? answers.shift() : answers[0];
          return answer instanceof Error
            ? Promise.reject(answer)
            : Promise.resolve(answer ?? { kind: 'done' });
        },
      },
      clock,
      logger: silentLogger,
      workerId: 'runner-1',
      // Jitter fixed at the middle: a backoff of n seconds waits 0.75 n.
      random: () => 0.5,
      maxAttempts: 3,
      onDead: (job, problem) => {
        dead.push({ job: String(job.payload['name']), code: problem.code, message: problem.message });
        return Promise.resolve();
      },
    });
  });

  async function enqueue(name: string, orderingKey: string | null = null, kind = KIND): Promise<number> {
    return (await store.outbox.enqueue({ kind, payload: { name }, orderingKey }, clock.now())).id;
  }

  async function after(ms: number): Promise<number> {
    clock.advance(ms);
    return runner.runOnce();
  }

  it('runs one job per ordering key at a time, in order, and different keys side by side', async () => {
    await enqueue('k1-first', 'k1');
    await enqueue('k1-second', 'k1');
    await enqueue('k2-only', 'k2');

    expect(await runner.runOnce()).toBe(2);
    expect(ran).toEqual(['k1-first', 'k2-only']);
    expect(await runner.runOnce()).toBe(1);
    expect(ran.at(-1)).toBe('k1-second');
    expect(await jobs(store, 'done')).toHaveLength(3);
  });

  it('completes a done job and holds its key’s next job for the pace it asked', async () => {
    answers = [{ kind: 'done', pace: { key: 'channel:C1', ms: 2000 } }];
    await enqueue('first', 'channel:C1');
    await enqueue('second', 'channel:C1');

    expect(await runner.runOnce()).toBe(1);
    expect(await after(1999)).toBe(0);
    expect(await after(1)).toBe(1);
    expect(ran).toEqual(['first', 'second']);
  });

  it('puts a job that answered later back until then', async () => {
    answers = [{ kind: 'later', afterMs: 5000, reason: 'waiting for the alert message' }, { kind: 'done' }];
    const id = await enqueue('waits');

    await runner.runOnce();
    expect(await store.outbox.get(id)).toMatchObject({
      state: 'pending',
      lastError: 'waiting for the alert message',
      nextAttemptAt: new Date(clock.now().getTime() + 5000),
    });
    expect(await after(4999)).toBe(0);
    expect(await after(1)).toBe(1);
    expect((await store.outbox.get(id))?.state).toBe('done');
  });

  it('retries with exponential backoff, or after the wait the remote asked for', async () => {
    const unavailable = {
      kind: 'retry',
      code: 'github_unavailable',
      message: 'GitHub answered 502',
    } as const;
    answers = [unavailable, { ...unavailable, retryAfterMs: 90_000 }, { kind: 'done' }];
    const id = await enqueue('flaky');

    await runner.runOnce();
    expect(await after(749)).toBe(0);
    expect(await after(1)).toBe(1);
    expect(await store.outbox.get(id)).toMatchObject({
      state: 'pending',
      attempts: 2,
      lastError: 'github_unavailable: GitHub answered 502',
    });
    expect(await after(89_999)).toBe(0);
    expect(await after(1)).toBe(1);
    expect((await store.outbox.get(id))?.state).toBe('done');
  });

  it('gives a retried job up after its attempts, and says so', async () => {
    answers = [{ kind: 'retry', code: 'github_conflict', message: 'the rules file kept changing' }];
    const id = await enqueue('hopeless');

    await runner.runOnce();
    await after(60_000);
    await after(60_000);

    expect(await store.outbox.get(id)).toMatchObject({ state: 'dead', attempts: 3 });
    expect(dead).toEqual([
      {
        job: 'hopeless',
        code: 'github_conflict',
        message: 'the rules file kept changing (after 3 attempts)',
      },
    ]);
  });

  it('gives up at once on a job that can never succeed', async () => {
    answers = [{ kind: 'fail', code: 'github_refused', message: 'GitHub refused the branch' }];
    const id = await enqueue('refused');

    await runner.runOnce();
    expect(await store.outbox.get(id)).toMatchObject({
      state: 'dead',
      attempts: 1,
      lastError: 'github_refused: GitHub refused the branch',
    });
    expect(dead).toEqual([{ job: 'refused', code: 'github_refused', message: 'GitHub refused the branch' }]);
  });

  it('retries a handler that threw, as an internal failure', async () => {
    answers = [new Error('boom'), { kind: 'done' }];
    const id = await enqueue('throws');

    await runner.runOnce();
    expect(await store.outbox.get(id)).toMatchObject({ state: 'pending', lastError: 'internal: boom' });
    expect(await after(750)).toBe(1);
    expect((await store.outbox.get(id))?.state).toBe('done');
  });

  it('leaves the jobs it has no handler for to other workers', async () => {
    const other = await enqueue('slack work', null, 'slack.group.post');

    expect(await runner.runOnce()).toBe(0);
    expect(await store.outbox.get(other)).toMatchObject({ state: 'pending', attempts: 0 });
  });
});
