import { afterEach, describe, expect, it } from '@jest/globals';
import type { GitHubRepo } from '../../../src/github/github-repo.js';
import type { FakeGitHub } from '../../../src/stand-ins/github/index.js';
import { failure, REPO, RULES, repoFor, SEED, startFake, unwrap } from './setup.js';

/** A branch off main with one commit changing the rules file, as the workflow prepares it. */
async function proposalBranch(repo: GitHubRepo, branch: string, line = branch): Promise<string> {
  unwrap(await repo.resetBranch(branch, unwrap(await repo.branchHead('main'))));
  const file = unwrap(await repo.readFile(RULES, branch));
  return unwrap(
    await repo.writeFile({
      branch,
      path: RULES,
      content: `${SEED}# ${line}\n`,
      expectedSha: file?.sha,
      message: `Edit ${line}`,
    }),
  ).commitSha;
}

const PR = {
  title: 'Except titanagent',
  body: 'Evidence\n<!-- falco-triage:proposal=p1 -->',
  labels: ['falco-exception'],
};

describe('GitHub repo port: pull requests, runs and comments', () => {
  let fake: FakeGitHub;
  afterEach(async () => {
    fake.assertNoViolations();
    await fake.close();
  });

  it('opens a pull request with labels and reviewers, and reuses it when asked again', async () => {
    fake = await startFake({ collaborators: ['alice', 'bob'] });
    const repo = repoFor(fake);
    await proposalBranch(repo, 'falco-triage/p1');
    const first = unwrap(
      await repo.openPullRequest({ ...PR, branch: 'falco-triage/p1', reviewers: ['alice', 'bob'] }),
    );
    expect(first).toMatchObject({ branch: 'falco-triage/p1', created: true, warnings: [] });
    expect(first.url).toBe(`https://github.com/${REPO}/pull/${first.number}`);
    const pull = fake.pull(REPO, first.number);
    expect(pull).toMatchObject({ title: PR.title, body: PR.body, state: 'open' });
    expect(pull.base.ref).toBe('main');
    expect(pull.labels).toEqual(['falco-exception']);
    expect(pull.requestedReviewers).toEqual(['alice', 'bob']);

    const second = unwrap(
      await repo.openPullRequest({ ...PR, branch: 'falco-triage/p1', reviewers: ['alice', 'bob'] }),
    );
    expect(second).toEqual({ ...first, created: false });
    expect(fake.pulls(REPO)).toHaveLength(1);
    expect(fake.requests({ operationId: 'pulls/list' })[0]?.query).toMatchObject({
      head: 'acme:falco-triage/p1',
      state: 'open',
    });
    expect(fake.pull(REPO, first.number).labels).toHaveLength(1);
  });

  it('still opens the pull request when a reviewer cannot be requested, and says so', async () => {
    fake = await startFake({ collaborators: ['alice'] });
    const repo = repoFor(fake);
    await proposalBranch(repo, 'falco-triage/p2');
    const opened = unwrap(
      await repo.openPullRequest({
        ...PR,
        branch: 'falco-triage/p2',
        reviewers: ['alice', 'mallory', 'falco-triage-bot'],
      }),
    );
    expect(opened.created).toBe(true);
    expect(fake.pull(REPO, opened.number).requestedReviewers).toEqual(['alice']);
    expect(opened.warnings).toHaveLength(2);
    expect(opened.warnings[0]).toMatch(/falco-triage-bot.*opened the pull request/);
    expect(opened.warnings[1]).toMatch(/mallory.*collaborator/);
  });

  it('requests a team review for org/team entries', async () => {
    fake = await startFake();
    const repo = repoFor(fake);
    await proposalBranch(repo, 'falco-triage/p3');
    const opened = unwrap(
      await repo.openPullRequest({ ...PR, branch: 'falco-triage/p3', reviewers: ['acme/secops', 'carol'] }),
    );
    expect(fake.requests({ operationId: 'pulls/request-reviewers' })[0]?.body).toEqual({
      reviewers: ['carol'],
      team_reviewers: ['secops'],
    });
    expect(opened.warnings).toEqual([]);
  });

  it('refuses a pull request without changes as invalid', async () => {
    fake = await startFake();
    const repo = repoFor(fake);
    unwrap(await repo.resetBranch('falco-triage/empty', unwrap(await repo.branchHead('main'))));
    const error = failure(await repo.openPullRequest({ ...PR, branch: 'falco-triage/empty', reviewers: [] }));
    expect(error.kind).toBe('invalid');
    expect(error.message).toContain('No commits between');
  });

  it('reads a pull request while open, after merge and after close', async () => {
    fake = await startFake();
    const repo = repoFor(fake);
    const head = await proposalBranch(repo, 'falco-triage/m');
    const merged = unwrap(await repo.openPullRequest({ ...PR, branch: 'falco-triage/m', reviewers: [] }));
    expect(unwrap(await repo.getPullRequest(merged.number))).toMatchObject({
      number: merged.number,
      url: merged.url,
      branch: 'falco-triage/m',
      state: 'open',
      merged: false,
      mergeCommitSha: null,
      headSha: head,
      mergedBy: null,
      body: PR.body,
    });
    const mergeSha = fake.mergePull(REPO, merged.number, { mergedBy: 'alice' });
    expect(unwrap(await repo.getPullRequest(merged.number))).toMatchObject({
      state: 'closed',
      merged: true,
      mergeCommitSha: mergeSha,
      mergedBy: 'alice',
      mergedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });

    await proposalBranch(repo, 'falco-triage/c');
    const closed = unwrap(await repo.openPullRequest({ ...PR, branch: 'falco-triage/c', reviewers: [] }));
    fake.closePull(REPO, closed.number);
    expect(unwrap(await repo.getPullRequest(closed.number))).toMatchObject({
      state: 'closed',
      merged: false,
      mergeCommitSha: null,
    });
    expect(failure(await repo.getPullRequest(999)).kind).toBe('not_found');
  });

  it('lists the open pull requests of a branch prefix, across pages', async () => {
    fake = await startFake();
    const repo = repoFor(fake);
    const numbers: Record<string, number> = {};
    for (const branch of ['falco-triage/a', 'falco-triage/b', 'falco-triage/c', 'renovate/x']) {
      await proposalBranch(repo, branch);
      numbers[branch] = unwrap(await repo.openPullRequest({ ...PR, branch, reviewers: [] })).number;
    }
    fake.mergePull(REPO, numbers['falco-triage/b'] ?? 0);
    fake.closePull(REPO, numbers['falco-triage/c'] ?? 0);
    // More than one page of other open pull requests (GitHub pages at 100).
    for (let index = 0; index < 100; index += 1) {
      fake.createBranch(REPO, `feature/${index}`);
      fake.setFile(REPO, `feature/${index}`, `f${index}.txt`, 'x');
    }
    const feature = await Promise.all(
      Array.from({ length: 100 }, (_, index) =>
        repoFor(fake).openPullRequest({ ...PR, branch: `feature/${index}`, labels: [], reviewers: [] }),
      ),
    );
    expect(feature.every((result) => result.ok)).toBe(true);
    fake.createBranch(REPO, 'falco-triage/late');
    fake.setFile(REPO, 'falco-triage/late', 'late.txt', 'x');
    const late = unwrap(await repo.openPullRequest({ ...PR, branch: 'falco-triage/late', reviewers: [] }));

    const listed = unwrap(await repo.listOpenPullRequests('falco-triage/'));
    expect(listed.map((pull) => pull.number).sort((a, b) => a - b)).toEqual([
      numbers['falco-triage/a'],
      late.number,
    ]);
    expect(listed.every((pull) => pull.state === 'open' && !pull.merged)).toBe(true);
    expect(fake.requests({ operationId: 'pulls/list' }).length).toBeGreaterThanOrEqual(2);
  });

  it('lists the runs of the deploy workflow by head sha and by branch, newest first', async () => {
    fake = await startFake();
    const repo = repoFor(fake);
    const main = unwrap(await repo.branchHead('main'));
    const older = fake.createWorkflowRun(REPO, {
      name: 'Falco rules',
      event: 'push',
      status: 'completed',
      conclusion: 'failure',
    });
    fake.createWorkflowRun(REPO, { name: 'CI', event: 'push', status: 'completed', conclusion: 'success' });
    const newer = fake.createWorkflowRun(REPO, { name: 'Falco rules', event: 'push', status: 'in_progress' });
    const other = fake.setFile(REPO, 'main', 'x.txt', 'x');
    fake.createWorkflowRun(REPO, { name: 'Falco rules', event: 'push', headSha: other });

    const runs = unwrap(await repo.listWorkflowRuns({ workflowName: 'Falco rules', headSha: main }));
    expect(runs.map((run) => run.id)).toEqual([newer.id, older.id]);
    expect(runs[1]).toEqual({
      id: older.id,
      number: older.runNumber,
      name: 'Falco rules',
      event: 'push',
      headBranch: 'main',
      headSha: main,
      status: 'completed',
      conclusion: 'failure',
      url: older.htmlUrl,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(runs[0]).toMatchObject({ status: 'in_progress', conclusion: null });
    expect(fake.requests({ operationId: 'actions/list-workflow-runs-for-repo' })[0]?.query).toMatchObject({
      head_sha: main,
    });

    expect(unwrap(await repo.listWorkflowRuns({ workflowName: 'Falco rules', branch: 'main' }))).toHaveLength(
      3,
    );
    expect(unwrap(await repo.listWorkflowRuns({ workflowName: 'Nope' }))).toEqual([]);
  });

  it('comments on a pull request', async () => {
    fake = await startFake();
    const repo = repoFor(fake);
    await proposalBranch(repo, 'falco-triage/k');
    const { number } = unwrap(await repo.openPullRequest({ ...PR, branch: 'falco-triage/k', reviewers: [] }));
    unwrap(await repo.comment(number, 'Deployed by run #812'));
    expect(fake.comments(REPO, number)).toMatchObject([
      { user: 'falco-triage-bot', body: 'Deployed by run #812' },
    ]);
    expect(failure(await repo.comment(4242, 'x')).kind).toBe('not_found');
  });
});
