import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Octokit } from 'octokit';
import type { FakeGitHub } from '../../../../src/stand-ins/github/fake-github.js';
import { REPO, SEED, VALUES, b64, octokitFor, startFake, statusOf } from './setup.js';

const owner = 'acme';
const repo = 'falco-rules';
const branch = 'falco-fp/1234';

/** The bot's steps up to a pushed branch: ref from main, one Contents API commit. */
async function pushBranch(octokit: Octokit, content = `${SEED}    # exception\n`): Promise<string> {
  const base = await octokit.rest.git.getRef({ owner, repo, ref: 'heads/main' });
  await octokit.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: base.data.object.sha });
  const { data: file } = await octokit.rest.repos.getContent({ owner, repo, path: VALUES, ref: branch });
  if (Array.isArray(file)) throw new Error('expected a file');
  const put = await octokit.rest.repos.createOrUpdateFileContents({
    owner,
    repo,
    path: VALUES,
    branch,
    message: 'Except titanagent',
    content: b64(content),
    sha: file.sha,
  });
  return put.data.commit.sha ?? '';
}

describe('fake GitHub: pull requests', () => {
  let fake: FakeGitHub;
  let octokit: Octokit;
  beforeEach(async () => {
    fake = await startFake();
    octokit = octokitFor(fake);
  });
  afterEach(async () => {
    await fake.close();
  });

  it("creates a pull request and refuses a duplicate with GitHub's 422", async () => {
    const head = await pushBranch(octokit);
    const created = await octokit.rest.pulls.create({
      owner,
      repo,
      head: branch,
      base: 'main',
      title: 'Except titanagent',
      body: '<!-- falco-triage:p1 -->',
    });

    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      number: 1,
      state: 'open',
      merged: false,
      mergeable: true,
      changed_files: 1,
      commits: 1,
      additions: 1,
      deletions: 0,
    });
    expect(created.data.head).toMatchObject({ ref: branch, sha: head, label: `acme:${branch}` });
    const duplicate = octokit.rest.pulls.create({ owner, repo, head: branch, base: 'main', title: 'again' });
    await expect(duplicate).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining(`A pull request already exists for acme:${branch}.`),
    });
    expect(fake.pulls(REPO)).toHaveLength(1);
  });

  it('refuses a pull request without commits or with an unknown head', async () => {
    fake.createBranch(REPO, 'empty');
    const noCommits = octokit.rest.pulls.create({ owner, repo, head: 'empty', base: 'main', title: 't' });
    await expect(noCommits).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining('No commits between main and empty'),
    });
    const unknown = octokit.rest.pulls.create({ owner, repo, head: 'nope', base: 'main', title: 't' });
    await expect(unknown).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining('"field":"head"'),
    });
  });

  it('lists pull requests by head and state; the head SHA follows the branch while open', async () => {
    await pushBranch(octokit);
    await octokit.rest.pulls.create({ owner, repo, head: branch, base: 'main', title: 't' });
    const moved = fake.setFile(REPO, branch, 'extra.txt', 'x');

    const open = await octokit.rest.pulls.list({ owner, repo, head: `acme:${branch}`, state: 'open' });
    expect(open.data.map((p) => [p.number, p.head.sha])).toEqual([[1, moved]]);
    expect((await octokit.rest.pulls.list({ owner, repo, head: 'acme:other' })).data).toEqual([]);
    expect((await octokit.rest.pulls.list({ owner, repo, state: 'closed' })).data).toEqual([]);
  });

  it('records a bare-branch head filter as misuse (GitHub would ignore it)', async () => {
    await octokit.rest.pulls.list({ owner, repo, head: branch });
    expect(fake.takeViolations()).toEqual([
      expect.objectContaining({ kind: 'misuse', operationId: 'pulls/list' }),
    ]);
  });

  it('adds labels, requests reviewers and comments', async () => {
    await pushBranch(octokit);
    const { data: pull } = await octokit.rest.pulls.create({
      owner,
      repo,
      head: branch,
      base: 'main',
      title: 't',
    });

    const labels = await octokit.rest.issues.addLabels({
      owner,
      repo,
      issue_number: pull.number,
      labels: ['falco-exception', 'Falco-Exception', 'security'],
    });
    expect(labels.data.map((l) => l.name)).toEqual(['falco-exception', 'security']);
    const reviewed = await octokit.rest.pulls.requestReviewers({
      owner,
      repo,
      pull_number: pull.number,
      reviewers: ['alice'],
      team_reviewers: ['secops'],
    });
    expect(reviewed.status).toBe(201);
    expect(reviewed.data.requested_reviewers?.map((u) => u.login)).toEqual(['alice']);
    const self = octokit.rest.pulls.requestReviewers({
      owner,
      repo,
      pull_number: pull.number,
      reviewers: ['falco-triage-bot'],
    });
    await expect(self).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining('pull request author'),
    });
    await octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: pull.number,
      body: 'Deployed by run #3',
    });

    expect(fake.pull(REPO, pull.number)).toMatchObject({
      labels: ['falco-exception', 'security'],
      requestedReviewers: ['alice'],
      requestedTeams: ['secops'],
    });
    expect(fake.comments(REPO, pull.number)).toEqual([
      expect.objectContaining({ user: 'falco-triage-bot', body: 'Deployed by run #3' }),
    ]);
    const listed = await octokit.rest.issues.listComments({ owner, repo, issue_number: pull.number });
    expect(listed.data.map((c) => c.body)).toEqual(['Deployed by run #3']);
  });

  it('refuses reviewers who are not collaborators when the repository lists them', async () => {
    fake.createRepo('acme', 'strict', { collaborators: ['alice'], files: { 'a.txt': 'a' } });
    fake.createBranch('acme/strict', 'b');
    fake.setFile('acme/strict', 'b', 'a.txt', 'b');
    const { data: pull } = await octokit.rest.pulls.create({
      owner,
      repo: 'strict',
      head: 'b',
      base: 'main',
      title: 't',
    });
    expect(
      await statusOf(
        octokit.rest.pulls.requestReviewers({
          owner,
          repo: 'strict',
          pull_number: pull.number,
          reviewers: ['mallory'],
        }),
      ),
    ).toBe(422);
    expect(
      await statusOf(
        octokit.rest.pulls.requestReviewers({
          owner,
          repo: 'strict',
          pull_number: pull.number,
          reviewers: ['alice'],
        }),
      ),
    ).toBe(201);
  });

  it('merges with a merge commit that later maps back to the pull request', async () => {
    const head = await pushBranch(octokit);
    const { data: pull } = await octokit.rest.pulls.create({
      owner,
      repo,
      head: branch,
      base: 'main',
      title: 't',
    });
    const mergeSha = fake.mergePull(REPO, pull.number, { mergedBy: 'alice' });

    const { data: merged } = await octokit.rest.pulls.get({ owner, repo, pull_number: pull.number });
    expect(merged).toMatchObject({
      state: 'closed',
      merged: true,
      merge_commit_sha: mergeSha,
      merged_by: { login: 'alice' },
    });
    expect(merged.head.sha).toBe(head);
    expect(fake.file(REPO, 'main', VALUES)).toBe(`${SEED}    # exception\n`);
    expect(fake.commits(REPO, 'main')[0]?.parents).toHaveLength(2);
    const associated = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
      owner,
      repo,
      commit_sha: mergeSha,
    });
    expect(associated.data.map((p) => p.number)).toEqual([pull.number]);
  });

  it('closes, reopens and edits through the API and the test helpers', async () => {
    await pushBranch(octokit);
    const { data: pull } = await octokit.rest.pulls.create({
      owner,
      repo,
      head: branch,
      base: 'main',
      title: 't',
    });
    fake.closePull(REPO, pull.number, { by: 'bob' });
    expect((await octokit.rest.pulls.get({ owner, repo, pull_number: pull.number })).data).toMatchObject({
      state: 'closed',
      merged: false,
    });

    const reopened = await octokit.rest.pulls.update({
      owner,
      repo,
      pull_number: pull.number,
      state: 'open',
      title: 'Except titanagent (retry)',
    });
    expect(reopened.data).toMatchObject({ state: 'open', title: 'Except titanagent (retry)' });
    const headBefore = fake.pull(REPO, pull.number).head.sha;
    fake.deleteBranch(REPO, branch);
    expect(fake.pull(REPO, pull.number)).toMatchObject({ state: 'closed', head: { sha: headBefore } });
    expect(() => fake.reopenPull(REPO, pull.number)).toThrow('head branch');
  });

  it('makes a pull request unmergeable when a human edits the same lines on the base', async () => {
    await pushBranch(octokit, SEED.replace('[aide]', '[aide, titanagent]'));
    const { data: pull } = await octokit.rest.pulls.create({
      owner,
      repo,
      head: branch,
      base: 'main',
      title: 't',
    });
    fake.setFile(REPO, 'main', 'README.md', '# other file\n');
    expect((await octokit.rest.pulls.get({ owner, repo, pull_number: pull.number })).data.mergeable).toBe(
      true,
    );

    fake.setFile(REPO, 'main', VALUES, SEED.replace('[aide]', '[aide, ossec]'));
    const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: pull.number });
    expect(data).toMatchObject({ mergeable: false, mergeable_state: 'dirty' });
    expect(() => fake.mergePull(REPO, pull.number)).toThrow('conflicts');
  });

  it('lists changed files with a unified patch', async () => {
    await pushBranch(octokit);
    const { data: pull } = await octokit.rest.pulls.create({
      owner,
      repo,
      head: branch,
      base: 'main',
      title: 't',
    });
    const { data: files } = await octokit.rest.pulls.listFiles({ owner, repo, pull_number: pull.number });
    expect(files).toEqual([
      expect.objectContaining({ filename: VALUES, status: 'modified', additions: 1, deletions: 0 }),
    ]);
    expect(files[0]?.patch).toContain('+    # exception');
  });

  it('paginates with Link headers that octokit follows', async () => {
    for (let i = 0; i < 3; i += 1) {
      fake.createBranch(REPO, `b${i}`);
      fake.setFile(REPO, `b${i}`, `f${i}.txt`, 'x');
      await octokit.rest.pulls.create({ owner, repo, head: `b${i}`, base: 'main', title: `t${i}` });
    }
    const page = await octokit.rest.pulls.list({ owner, repo, per_page: 2 });
    expect(page.data.map((p) => p.number)).toEqual([3, 2]);
    expect(page.headers.link).toContain('rel="next"');
    const all = await octokit.paginate(octokit.rest.pulls.list, { owner, repo, per_page: 2 });
    expect(all.map((p) => p.number)).toEqual([3, 2, 1]);
  });
});
