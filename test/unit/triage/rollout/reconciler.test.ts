/**
 * The reconciler alone (no webhooks), polling the fake GitHub through the real adapter, against a real store: it
 * reaches the states the webhooks would have produced, with the same notes, and is idempotent.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { GitHubRepo } from '../../../../src/github/github-repo.js';
import { silentLogger } from '../../../../src/logger.js';
import type { Store } from '../../../../src/store/store.js';
import { createReconciler, type Reconciler } from '../../../../src/triage/rollout/reconciler.js';
import { JOB_RECONCILE } from '../../../../src/triage/rollout/rollout-jobs.js';
import { createRollout } from '../../../../src/triage/rollout/rollout.js';
import type { FakeGitHub } from '../../../../src/stand-ins/github/index.js';
import { storeTestEnv } from '../../../helpers/store.js';
import {
  openException,
  REPO,
  repoFor,
  startFakeGitHub,
  statusOf,
  threadNotes,
  WORKFLOW,
} from './rollout-fixture.js';

describe('reconciler', () => {
  const env = storeTestEnv('pglite');
  let store: Store;
  let fake: FakeGitHub;
  let repo: GitHubRepo;
  let reconciler: Reconciler;
  /** The fake's clock: tests step it so merge and run times are ordered as they would be. */
  let now = Date.parse('2026-09-01T10:00:00Z');

  /** What the reconciler asked of the refresh pass (pr-refresh.ts). */
  let refreshes: string[] = [];

  function reconcilerFor(s: Store): Reconciler {
    const clock = { now: () => new Date(now) };
    const rollout = createRollout({
      store: s,
      clock,
      logger: silentLogger,
      deployWorkflow: WORKFLOW,
      baseBranch: 'main',
    });
    return createReconciler({
      store: s,
      repo,
      rollout,
      clock,
      logger: silentLogger,
      deployWorkflow: WORKFLOW,
      intervalMs: 60_000,
      refresh: {
        request: (reason) => {
          refreshes.push(reason);
          return Promise.resolve();
        },
      },
    });
  }

  beforeEach(async () => {
    now = Date.parse('2026-09-01T10:00:00Z');
    refreshes = [];
    store = await env.fresh();
    fake = await startFakeGitHub(() => now);
    repo = repoFor(fake);
    reconciler = reconcilerFor(store);
  });

  afterEach(async () => {
    await reconciler.stop();
    await fake.close();
  });

  const tick = () => {
    now += 10_000;
  };

  it('asks for the refresh pass when the base moved under a pull request it keeps, or a person pushed to one', async () => {
    const { proposal } = await openException(store, repo, { owned: true });
    await openException(store, repo);
    await reconciler.runOnce();
    expect(refreshes).toEqual([]);

    fake.setFile(REPO, 'main', 'README.md', '# rules\n', { author: 'alice' });
    await reconciler.runOnce();
    expect(refreshes).toEqual(['reconciler']);

    refreshes = [];
    await store.proposals.update({
      id: proposal.id,
      now: new Date(now),
      patch: { prBaseSha: fake.branches(REPO)['main'] ?? '' },
    });
    fake.setFile(REPO, proposal.branch ?? '', 'README.md', '# edited\n', { author: 'carol' });
    await reconciler.runOnce();
    expect(refreshes).toEqual(['reconciler']);
  });

  it('catches a missed merge and a missed deploy, with the notes the webhooks would have sent', async () => {
    const { proposal, number } = await openException(store, repo);
    expect((await reconciler.runOnce()).changed).toEqual([]);
    tick();
    const mergeSha = fake.mergePull(REPO, number, { mergedBy: 'alice' });
    tick();
    const run = fake.createWorkflowRun(REPO, { name: WORKFLOW, headSha: mergeSha, status: 'in_progress' });
    const first = await reconciler.runOnce();
    expect(first.changed).toEqual([expect.objectContaining({ proposalId: proposal.id, status: 'merged' })]);
    expect(await statusOf(store, proposal.id)).toMatchObject({ status: 'merged', mergeCommitSha: mergeSha });

    fake.updateWorkflowRun(REPO, run.id, { status: 'completed', conclusion: 'success' });
    await reconciler.runOnce();
    expect(await statusOf(store, proposal.id)).toMatchObject({
      status: 'deployed',
      deployRunId: run.id,
      statusReason: `deployed by run #${run.runNumber}`,
    });
    expect(await threadNotes(store, proposal.id)).toEqual([
      `Pull request <https://github.com/${REPO}/pull/${number}|#${number}> was merged by @alice; waiting for the deploy.`,
      `Exception deployed by run <${run.htmlUrl}|#${run.runNumber}>.`,
    ]);
    // Nothing left to do: a further pass changes nothing and sends nothing.
    expect((await reconciler.runOnce()).changed).toEqual([]);
    expect(await threadNotes(store, proposal.id)).toHaveLength(2);
  });

  it('a later run deploys an earlier merge whose own run was cancelled; a run from before the merge does not', async () => {
    const early = fake.createWorkflowRun(REPO, {
      name: WORKFLOW,
      status: 'completed',
      conclusion: 'success',
    });
    const a = await openException(store, repo);
    tick();
    const shaA = fake.mergePull(REPO, a.number);
    // Opened on the merged base: from the same base as `a`, GitHub would refuse its merge (a conflict).
    const b = await openException(store, repo, {
      change: { kind: 'list', list: 'hids_binaries', items: ['ossec'] },
    });
    tick();
    const ownA = fake.createWorkflowRun(REPO, { name: WORKFLOW, headSha: shaA, status: 'queued' });
    await reconciler.runOnce();
    expect(await statusOf(store, a.proposal.id)).toMatchObject({ status: 'merged' });
    expect(early.conclusion).toBe('success');

    fake.updateWorkflowRun(REPO, ownA.id, { status: 'completed', conclusion: 'cancelled' });
    await reconciler.runOnce();
    expect(await statusOf(store, a.proposal.id)).toMatchObject({
      status: 'deploy_failed',
      statusReason: `deploy run #${ownA.runNumber} was cancelled (a newer run may replace it)`,
    });

    tick();
    const shaB = fake.mergePull(REPO, b.number);
    tick();
    const runB = fake.createWorkflowRun(REPO, {
      name: WORKFLOW,
      headSha: shaB,
      status: 'completed',
      conclusion: 'success',
    });
    await reconciler.runOnce();
    expect(await statusOf(store, a.proposal.id)).toMatchObject({ status: 'deployed', deployRunId: runB.id });
    expect(await statusOf(store, b.proposal.id)).toMatchObject({ status: 'deployed', deployRunId: runB.id });
  });

  it('uses the merge time when the merge has no run of its own', async () => {
    const { proposal, number } = await openException(store, repo);
    tick();
    const before = fake.createWorkflowRun(REPO, {
      name: WORKFLOW,
      status: 'completed',
      conclusion: 'success',
    });
    tick();
    fake.mergePull(REPO, number);
    await reconciler.runOnce();
    expect(await statusOf(store, proposal.id)).toMatchObject({ status: 'merged' });
    tick();
    const manual = fake.createWorkflowRun(REPO, {
      name: WORKFLOW,
      event: 'workflow_dispatch',
      status: 'completed',
      conclusion: 'success',
    });
    await reconciler.runOnce();
    expect(await statusOf(store, proposal.id)).toMatchObject({ status: 'deployed', deployRunId: manual.id });
    expect(before.id).not.toBe(manual.id);
  });

  it('closed without merging, reopened, and GitHub outages retried on the next pass', async () => {
    const { proposal, number } = await openException(store, repo);
    fake.closePull(REPO, number);
    fake.faults.inject({ operationId: 'pulls/list' }, { kind: 'status', status: 503 }, { times: 1 });
    const failed = await reconciler.runOnce();
    expect(failed.problems).toEqual([expect.stringContaining('open pull requests: unavailable')]);
    expect(await statusOf(store, proposal.id)).toMatchObject({ status: 'pr_open' });
    await reconciler.runOnce();
    expect(await statusOf(store, proposal.id)).toMatchObject({ status: 'closed_unmerged' });
    fake.reopenPull(REPO, number);
    await reconciler.runOnce();
    expect(await statusOf(store, proposal.id)).toMatchObject({ status: 'pr_open' });
  });

  it('two replicas queue one pass between them, run by the outbox job handler', async () => {
    const other = reconcilerFor(store);
    await reconciler.request('interval');
    await other.request('interval');
    const pending = (await store.outbox.list('pending')).filter((job) => job.kind === JOB_RECONCILE);
    expect(pending).toHaveLength(1);
    const handler = reconciler.handlers[JOB_RECONCILE];
    const { number, proposal } = await openException(store, repo);
    fake.mergePull(REPO, number);
    const job = pending[0];
    if (handler === undefined || job === undefined) throw new Error('no reconcile job or handler');
    expect(await handler(job)).toEqual({ kind: 'done' });
    expect(await statusOf(store, proposal.id)).toMatchObject({ status: 'merged' });
  });
});
