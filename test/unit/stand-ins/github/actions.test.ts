import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { FakeGitHub } from '../../../../src/stand-ins/github/fake-github.js';
import { REPO, octokitFor, startFake, statusOf } from './setup.js';

const owner = 'acme';
const repo = 'falco-rules';

describe('fake GitHub: Actions workflow runs', () => {
  let fake: FakeGitHub;
  beforeEach(async () => {
    fake = await startFake();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('lists runs newest first with branch, head_sha, event and status/conclusion filters', async () => {
    const octokit = octokitFor(fake);
    const head = fake.branches(REPO)['main'] ?? '';
    const deploy = fake.createWorkflowRun(REPO, {
      name: 'Deploy Falco rules',
      status: 'completed',
      conclusion: 'success',
    });
    const failed = fake.createWorkflowRun(REPO, {
      name: 'Deploy Falco rules',
      status: 'completed',
      conclusion: 'failure',
    });
    fake.createBranch(REPO, 'topic');
    fake.createWorkflowRun(REPO, {
      name: 'Validate',
      headBranch: 'topic',
      event: 'pull_request',
      status: 'in_progress',
    });

    const all = await octokit.rest.actions.listWorkflowRunsForRepo({ owner, repo });
    expect(all.data.total_count).toBe(3);
    expect(all.data.workflow_runs.map((r) => r.name)).toEqual([
      'Validate',
      'Deploy Falco rules',
      'Deploy Falco rules',
    ]);

    const onMain = await octokit.rest.actions.listWorkflowRunsForRepo({
      owner,
      repo,
      branch: 'main',
      head_sha: head,
      event: 'push',
    });
    expect(onMain.data.workflow_runs.map((r) => r.run_number)).toEqual([2, 1]);
    const failures = await octokit.rest.actions.listWorkflowRunsForRepo({ owner, repo, status: 'failure' });
    expect(failures.data.workflow_runs.map((r) => r.id)).toEqual([failed.id]);
    expect(deploy).toMatchObject({
      path: '.github/workflows/deploy-falco-rules.yml',
      runNumber: 1,
      headSha: head,
    });
  });

  it('gets a run whose state tests advance', async () => {
    const octokit = octokitFor(fake);
    const run = fake.createWorkflowRun(REPO, { name: 'Deploy', path: '.github/workflows/falco-rules.yml' });
    expect((await octokit.rest.actions.getWorkflowRun({ owner, repo, run_id: run.id })).data).toMatchObject({
      status: 'queued',
      conclusion: null,
    });

    fake.updateWorkflowRun(REPO, run.id, { status: 'completed', conclusion: 'failure' });
    const { data } = await octokit.rest.actions.getWorkflowRun({ owner, repo, run_id: run.id });
    expect(data).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
      path: '.github/workflows/falco-rules.yml',
      html_url: `https://github.com/${REPO}/actions/runs/${run.id}`,
      head_commit: { message: 'Initial commit' },
    });
    expect(await statusOf(octokit.rest.actions.getWorkflowRun({ owner, repo, run_id: 999_999 }))).toBe(404);
  });

  it('relates a pull_request run to its open pull request', async () => {
    const octokit = octokitFor(fake);
    fake.createBranch(REPO, 'falco-fp/1');
    const head = fake.setFile(REPO, 'falco-fp/1', 'x.txt', 'x');
    const { data: pull } = await octokit.rest.pulls.create({
      owner,
      repo,
      head: 'falco-fp/1',
      base: 'main',
      title: 't',
    });
    const run = fake.createWorkflowRun(REPO, {
      name: 'Validate',
      headBranch: 'falco-fp/1',
      headSha: head,
      event: 'pull_request',
    });
    const { data } = await octokit.rest.actions.getWorkflowRun({ owner, repo, run_id: run.id });
    expect(data.pull_requests?.map((p) => p.number)).toEqual([pull.number]);
  });
});
