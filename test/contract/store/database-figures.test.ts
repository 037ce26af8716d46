/**
 * The figures behind the database-wide gauges, on both backends: proposals by state (every state, zeros included),
 * pull requests by state, the outbox's pending and dead jobs and the age of the oldest job not yet done.
 */
import { describe, expect, it } from '@jest/globals';
import { newId } from '../../../src/store/ids.js';
import { readDatabaseFigures } from '../../../src/store/database-figures.js';
import type { Store } from '../../../src/store/store.js';
import { PROPOSAL_STATUSES, type ProposalStatus } from '../../../src/triage/ports/index.js';
import { storeBackends, storeTestEnv } from '../../helpers/store.js';

const T0 = Date.parse('2026-08-13T00:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);

/** A proposal row in `status` (arranged in SQL: the workflow's own paths are tested elsewhere). */
async function proposalIn(store: Store, status: ProposalStatus, prNumber: number | null): Promise<void> {
  const id = newId();
  await store.db.query(
    `INSERT INTO proposals (id, alert_id, rule, strategy, exception, yaml, justification, proposer, status,
       equivalence_key, expires_at, created_at, updated_at, pr_number)
     VALUES ($1, $2, 'Some rule', 'exception', '{}'::jsonb, '', 'why', 'U1', $3, $4, $5, $5, $5, $6)`,
    [id, newId(), status, `key-${id}`, at(0), prNumber],
  );
}

describe.each(storeBackends())('database figures (%s)', (backend) => {
  const env = storeTestEnv(backend);

  it('are all zero on an empty database, with every state named', async () => {
    const store = await env.fresh();

    const figures = await readDatabaseFigures(store.db, at(0));

    expect([...figures.proposals]).toEqual(PROPOSAL_STATUSES.map((status) => [status, 0]));
    expect([...figures.pullRequests]).toEqual([
      ['open', 0],
      ['merged', 0],
      ['deployed', 0],
      ['deploy_failed', 0],
      ['closed_unmerged', 0],
      ['removed', 0],
    ]);
    expect(figures.outbox).toEqual({ pending: 0, dead: 0, oldestPendingAgeSeconds: 0 });
  });

  it('count proposals by state and their pull requests by state', async () => {
    const store = await env.fresh();
    await proposalIn(store, 'pending', null);
    await proposalIn(store, 'pending', null);
    await proposalIn(store, 'rejected', null);
    await proposalIn(store, 'pr_failed', null);
    await proposalIn(store, 'pr_open', 11);
    await proposalIn(store, 'pr_open', 12);
    await proposalIn(store, 'merged', 13);
    await proposalIn(store, 'deployed', 14);
    await proposalIn(store, 'deploy_failed', 15);
    await proposalIn(store, 'closed_unmerged', 16);
    await proposalIn(store, 'removed', 17);

    const figures = await readDatabaseFigures(store.db, at(0));

    expect(Object.fromEntries(figures.proposals)).toMatchObject({
      pending: 2,
      approved: 0,
      rejected: 1,
      pr_failed: 1,
      pr_open: 2,
      merged: 1,
      deployed: 1,
      deploy_failed: 1,
      closed_unmerged: 1,
      removed: 1,
    });
    expect(Object.fromEntries(figures.pullRequests)).toEqual({
      open: 2,
      merged: 1,
      deployed: 1,
      deploy_failed: 1,
      closed_unmerged: 1,
      removed: 1,
    });
  });

  it('count pending and dead jobs, and age the oldest job not yet done (running included)', async () => {
    const store = await env.fresh();
    await store.outbox.enqueue({ kind: 'slack.post', orderingKey: 'C1', payload: {} }, at(0));
    await store.outbox.enqueue({ kind: 'slack.post', orderingKey: 'C2', payload: {} }, at(10));
    await store.outbox.enqueue({ kind: 'slack.post', orderingKey: 'C3', payload: {} }, at(20));
    const [running, dying] = await store.outbox.claim({
      workerId: 'w1',
      now: at(30),
      leaseMs: 60_000,
      limit: 2,
    });
    if (running === undefined || dying === undefined) throw new Error('nothing claimed');
    await store.outbox.fail({ id: dying.id, workerId: 'w1', attempts: dying.attempts }, at(31), 'gone');

    const figures = await readDatabaseFigures(store.db, at(100));

    // The job still running (queued at 0 s or 10 s) is older than the one pending (20 s).
    expect(figures.outbox).toEqual({
      pending: 1,
      dead: 1,
      oldestPendingAgeSeconds: (at(100).getTime() - running.createdAt.getTime()) / 1000,
    });
  });
});
