/**
 * Expired exceptions: the removal job opens a pull request that takes exactly that exception out of the rules file
 * on GitHub (the fake, through the real adapter), checked by the engine, told in the thread; merging it removes the
 * proposal (webhook or reconcile pass).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { RulesChange } from '../../../../src/falco/exceptions/index.js';
import { NEWEST_VERSION } from '../../../../src/falco/version.js';
import type { GitHubRepo } from '../../../../src/github/github-repo.js';
import { silentLogger } from '../../../../src/logger.js';
import { err } from '../../../../src/result.js';
import type { Store } from '../../../../src/store/store.js';
import { createExpiryJobs, type ExpiryJobs } from '../../../../src/triage/rollout/exception-expiry.js';
import { proposalMarker, removalBranch } from '../../../../src/triage/rollout/pull-request-naming.js';
import { createRemovalCheck, type RemovalCheck } from '../../../../src/triage/rollout/removal-check.js';
import { storedChange } from '../../../../src/triage/rollout/removal-pr.js';
import { createRollout } from '../../../../src/triage/rollout/rollout.js';
import { JOB_PR_REMOVE } from '../../../../src/triage/jobs/job-kinds.js';
import type { FakeGitHub } from '../../../../src/stand-ins/github/index.js';
import { storeTestEnv } from '../../../helpers/store.js';
import {
  openException,
  REPO,
  repoFor,
  RULES_FILE,
  SEED,
  startFakeGitHub,
  statusOf,
  threadNotes,
  WORKFLOW,
  type OpenedException,
} from './rollout-fixture.js';

const DEFAULT_RULES = readFileSync(
  resolve(process.cwd(), '../shared/fixtures/rules/falco_rules.yaml'),
  'utf8',
);
const engineCheck = createRemovalCheck({
  baseRules: () => [{ name: 'falco_rules.yaml', content: DEFAULT_RULES }],
  falcoVersion: NEWEST_VERSION,
});

function exceptionChange(row: string[], exists = false): RulesChange {
  return {
    kind: 'exception',
    rule: 'Read sensitive file untrusted',
    name: 'falco_triage_proc_name_fd_name',
    fields: ['proc.name', 'fd.name'],
    comps: ['=', '='],
    row,
    exists,
  };
}

describe('expiring exceptions', () => {
  const env = storeTestEnv('pglite');
  let store: Store;
  let fake: FakeGitHub;
  let repo: GitHubRepo;
  const now = new Date();
  const expired = new Date(now.getTime() - 86_400_000);

  function expiryWith(check: RemovalCheck = engineCheck): ExpiryJobs {
    return createExpiryJobs({
      store,
      repo,
      clock: { now: () => new Date() },
      logger: silentLogger,
      rulesFile: RULES_FILE,
      labels: ['falco-exception'],
      check,
    });
  }

  /** Merged on GitHub and deployed in the store. */
  async function live(change?: RulesChange): Promise<OpenedException> {
    const opened = await openException(store, repo, {
      exceptionExpiresAt: expired,
      ...(change === undefined ? {} : { change }),
    });
    const sha = fake.mergePull(REPO, opened.number);
    const merged = await store.proposals.transition({
      id: opened.proposal.id,
      from: ['pr_open'],
      to: 'merged',
      now,
      patch: { mergeCommitSha: sha },
    });
    if (!merged.ok) throw new Error('merge transition failed');
    await store.proposals.transition({ id: opened.proposal.id, from: ['merged'], to: 'deployed', now });
    return opened;
  }

  beforeEach(async () => {
    store = await env.fresh();
    fake = await startFakeGitHub();
    repo = repoFor(fake);
  });

  afterEach(async () => {
    await fake.close();
  });

  it('queues one removal per expired exception, and opens a pull request that removes exactly it', async () => {
    const { proposal, number } = await live();
    const expiry = expiryWith();
    expect(await expiry.scan(now)).toBe(1);
    expect(await expiry.scan(now)).toBe(0);
    const jobs = (await store.outbox.list('pending')).filter((job) => job.kind === JOB_PR_REMOVE);
    expect(jobs.map((job) => job.payload)).toEqual([{ proposalId: proposal.id }]);

    expect(fake.file(REPO, 'main', RULES_FILE)).toContain('titanagent');
    expect(await expiry.remove(proposal.id)).toEqual({ kind: 'done' });
    const branch = removalBranch(proposal.id);
    expect(fake.file(REPO, branch, RULES_FILE)).toBe(SEED);
    const pull = fake.pulls(REPO).find((candidate) => candidate.head.ref === branch);
    expect(pull).toMatchObject({ state: 'open', labels: ['falco-exception'] });
    expect(pull?.title).toBe(
      'Remove expired Falco exception: Read sensitive file untrusted (proc.name = titanagent)',
    );
    expect(pull?.body).toContain(proposalMarker(proposal.id, 'removal'));
    expect(pull?.body).toContain(`https://github.com/${REPO}/pull/${number}`);
    expect(pull?.body).toContain('-    - list: hids_binaries');
    expect(await threadNotes(store, proposal.id)).toEqual([
      `The exception expired on ${expired.toISOString().slice(0, 10)}: pull request <${pull?.htmlUrl ?? ''}|#${pull?.number ?? 0}> removes it. It stays live until that pull request is merged and deployed.`,
    ]);

    // A rerun of the job finds the pull request open and does nothing more.
    expect(await expiry.remove(proposal.id)).toEqual({ kind: 'done' });
    expect(fake.pulls(REPO).filter((candidate) => candidate.head.ref === branch)).toHaveLength(1);

    // Merged: the webhook moves the proposal to removed.
    fake.mergePull(REPO, pull?.number ?? 0, { mergedBy: 'bob' });
    const rollout = createRollout({
      store,
      clock: { now: () => new Date() },
      logger: silentLogger,
      deployWorkflow: WORKFLOW,
      baseBranch: 'main',
    });
    const merged = await repo.getPullRequest(pull?.number ?? 0);
    if (!merged.ok) throw new Error(merged.error.message);
    expect(await rollout.pullRequestSeen(merged.value, 'webhook')).toMatchObject({ status: 'removed' });
    expect(await statusOf(store, proposal.id)).toMatchObject({
      status: 'removed',
      statusReason: `removed by pull request #${pull?.number ?? 0}`,
    });
    expect(fake.file(REPO, 'main', RULES_FILE)).toBe(SEED);
  });

  it('keeps the other values of the same named exception, and the reconcile pass sees the merged removal', async () => {
    const first = await live(exceptionChange(['titanagent', '/etc/shadow']));
    const second = await openException(store, repo, {
      change: exceptionChange(['backup-agent', '/etc/gshadow'], true),
    });
    fake.mergePull(REPO, second.number);
    const withBoth = fake.file(REPO, 'main', RULES_FILE) ?? '';
    expect(withBoth).toContain('[titanagent, /etc/shadow]');
    expect(withBoth).toContain('[backup-agent, /etc/gshadow]');
    expect(storedChange(first.proposal)).toMatchObject({
      ok: true,
      value: { change: exceptionChange(['titanagent', '/etc/shadow']), annotation: first.annotation },
    });

    const expiry = expiryWith();
    await expiry.scan(now);
    await expiry.remove(first.proposal.id);
    const branch = removalBranch(first.proposal.id);
    const removed = fake.file(REPO, branch, RULES_FILE) ?? '';
    expect(removed).not.toContain('titanagent, /etc/shadow');
    expect(removed).not.toContain(first.annotation);
    expect(removed).toBe(
      withBoth.replace(new RegExp(` *# ${first.annotation}\n *- \\[titanagent, /etc/shadow\\]\n`), ''),
    );

    // The webhook of the merge is missed: the reconcile pass finds the exception gone from main.
    const pull = fake.pulls(REPO).find((candidate) => candidate.head.ref === branch);
    const open = await repo.listOpenPullRequests('falco-triage/');
    expect(open.ok && (await expiry.reconcile(open.value, now))).toEqual([]);
    fake.mergePull(REPO, pull?.number ?? 0);
    const after = await repo.listOpenPullRequests('falco-triage/');
    if (!after.ok) throw new Error(after.error.message);
    expect(await expiry.reconcile(after.value, now)).toEqual([
      expect.objectContaining({ proposalId: first.proposal.id, status: 'removed' }),
    ]);
    expect((await statusOf(store, second.proposal.id)).status).toBe('pr_open');
  });

  it('tells the thread when the engine refuses the removal, and opens nothing', async () => {
    const { proposal } = await live();
    const refusing: RemovalCheck = () =>
      Promise.resolve(err({ code: 'would_not_load', file: 'falco/values.yaml', errors: 1, first: null }));
    expect(await expiryWith(refusing).remove(proposal.id)).toEqual({ kind: 'done' });
    expect(fake.pulls(REPO).filter((pull) => pull.head.ref === removalBranch(proposal.id))).toEqual([]);
    expect(await threadNotes(store, proposal.id)).toEqual([
      expect.stringContaining('could not remove it: without the exception, falco/values.yaml would not load'),
    ]);
    expect((await statusOf(store, proposal.id)).status).toBe('deployed');
  });

  it('an exception already gone from the rules counts as removed', async () => {
    const { proposal } = await live();
    fake.setFile(REPO, 'main', RULES_FILE, SEED);
    expect(await expiryWith().remove(proposal.id)).toEqual({ kind: 'done' });
    expect(await statusOf(store, proposal.id)).toMatchObject({ status: 'removed' });
    expect(await threadNotes(store, proposal.id)).toEqual([
      `The expired exception is no longer in ${RULES_FILE} on main: it counts as removed.`,
    ]);
  });
});
