import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Octokit } from 'octokit';
import { FakeGitHub } from '../../../../src/stand-ins/github/fake-github.js';
import { pullRequestEvent } from '../../../../src/stand-ins/github/webhooks.js';
import { matchRoute } from '../../../../src/stand-ins/github/routes.js';
import { validationFor } from '../../../../src/stand-ins/github/schema-validation.js';
import { githubSchemas } from '../../../helpers/fake-github.js';
import { TOKEN, octokitFor, startFake, statusOf } from './setup.js';

const owner = 'acme';
const repo = 'falco-rules';

/** octokit.request without its per-route parameter types: these tests send what the types would forbid. */
function untyped(octokit: Octokit, route: string, parameters: Record<string, unknown>) {
  return octokit.request(route, parameters);
}

describe('fake GitHub: request validation against openapi.subset.json', () => {
  let fake: FakeGitHub;
  let octokit: Octokit;
  beforeEach(async () => {
    fake = await startFake();
    octokit = octokitFor(fake);
  });
  afterEach(async () => {
    await fake.close();
  });

  it('answers 422 to a body that violates the schema and records the violation', async () => {
    const invalid = octokit.request('POST /repos/{owner}/{repo}/pulls', {
      owner,
      repo,
      head: 'topic',
      base: 'main',
      title: 5 as unknown as string,
      draft: 'yes' as unknown as boolean,
    });

    await expect(invalid).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining('Invalid request'),
    });
    const [violation, ...rest] = fake.takeViolations();
    expect(rest).toEqual([]);
    expect(violation).toMatchObject({ kind: 'request-schema', operationId: 'pulls/create' });
    expect(violation?.problems).toEqual(['body/title must be string', 'body/draft must be boolean']);
    expect(fake.pulls('acme/falco-rules')).toEqual([]);
  });

  it('flags unknown body fields and query parameters that GitHub would silently ignore', async () => {
    fake.createBranch('acme/falco-rules', 'topic');
    fake.setFile('acme/falco-rules', 'topic', 'x.txt', 'x');
    const { data: pull } = await octokit.rest.pulls.create({
      owner,
      repo,
      head: 'topic',
      base: 'main',
      title: 't',
    });
    const typo = octokit.request('POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers', {
      owner,
      repo,
      pull_number: pull.number,
      reviewer: ['alice'],
    });
    expect(await statusOf(typo)).toBe(422);
    expect(
      await statusOf(
        octokit.request('GET /repos/{owner}/{repo}/pulls', { owner, repo, heads: 'acme:topic' }),
      ),
    ).toBe(422);

    expect(fake.takeViolations().map((v) => v.problems)).toEqual([
      ["body has unknown field 'reviewer'"],
      ["unknown query parameter 'heads'"],
    ]);
  });

  it('checks path and query parameter types and enums', async () => {
    expect(
      await statusOf(
        untyped(octokit, 'GET /repos/{owner}/{repo}/pulls/{pull_number}', {
          owner,
          repo,
          pull_number: 'one',
        }),
      ),
    ).toBe(422);
    expect(
      await statusOf(
        untyped(octokit, 'GET /repos/{owner}/{repo}/actions/runs', { owner, repo, status: 'done' }),
      ),
    ).toBe(422);
    const problems = fake.takeViolations().flatMap((v) => v.problems);
    expect(problems[0]).toContain("path parameter 'pull_number' must be integer");
    expect(problems[1]).toContain("query parameter 'status' must be equal to one of the allowed values");
  });

  it('answers 404 to an operation outside the subset and records it', async () => {
    const jobs = octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs', {
      owner,
      repo,
      run_id: 1,
    });
    expect(await statusOf(jobs)).toBe(404);
    expect(fake.takeViolations()).toEqual([
      expect.objectContaining({
        kind: 'unknown-operation',
        path: '/repos/acme/falco-rules/actions/runs/1/jobs',
      }),
    ]);
  });

  it('answers 400 to a body that is not JSON', async () => {
    const response = await fetch(`${fake.url}/repos/acme/falco-rules/git/refs`, {
      method: 'POST',
      headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' },
      body: '{"ref": ',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ message: 'Problems parsing JSON' });
    expect(fake.takeViolations()).toEqual([
      expect.objectContaining({ problems: ['body is not valid JSON'] }),
    ]);
  });

  it('fails close() while violations are left untaken', async () => {
    await statusOf(
      untyped(octokit, 'POST /repos/{owner}/{repo}/git/refs', { owner, repo, ref: 'refs/heads/x' }),
    );
    const pending = fake.violations().length;
    expect(pending).toBe(1);
    expect(() => fake.assertNoViolations()).toThrow("body must have required property 'sha'");
    fake.takeViolations();
  });

  it('takes the search syntax for created= on workflow runs', async () => {
    const runs = await octokit.rest.actions.listWorkflowRunsForRepo({ owner, repo, created: '>=2024-01-01' });
    expect(runs.data.total_count).toBe(0);
  });
});

describe('response validation (debug mode)', () => {
  it('reports a response that does not match the declared schema', () => {
    const { operations } = validationFor(githubSchemas());
    const match = matchRoute('GET', '/repos/acme/rules/pulls/1');
    if (match === undefined) throw new Error('route missing');
    const problems = operations.validateResponse(match.route, 200, { number: 1, state: 'open' });
    expect(problems).toContain("response must have required property 'head'");
    expect(operations.validateResponse(match.route, 418, {})).toEqual([
      'status 418 is not a documented response of pulls/get',
    ]);
  });

  it('routes percent-encoded and plain slashes in path parameters alike', () => {
    expect(matchRoute('GET', '/repos/a/b/contents/falco%2Fvalues.yaml')?.rawPathParams['path']).toBe(
      'falco%2Fvalues.yaml',
    );
    expect(matchRoute('GET', '/repos/a/b/contents/falco/values.yaml')?.rawPathParams['path']).toBe(
      'falco/values.yaml',
    );
    expect(matchRoute('PATCH', '/repos/a/b/git/refs/heads%2Ffalco-fp%2F1')?.route.operationId).toBe(
      'git/update-ref',
    );
  });
});

describe("without GitHub's descriptions (as the shipped sandbox runs it)", () => {
  let fake: FakeGitHub;
  let octokit: Octokit;
  beforeEach(async () => {
    fake = await FakeGitHub.start();
    fake.addToken(TOKEN, { login: 'falco-triage-bot' });
    fake.createRepo(owner, repo, { files: { 'a.txt': 'a' } });
    octokit = octokitFor(fake);
  });
  afterEach(async () => {
    await fake.close();
  });

  it('routes by its own table and serves typed parameters, checking no schema', async () => {
    expect(fake.validation).toBeUndefined();
    fake.createBranch('acme/falco-rules', 'topic');
    fake.setFile('acme/falco-rules', 'topic', 'x.txt', 'x');
    const created = await untyped(octokit, 'POST /repos/{owner}/{repo}/pulls', {
      owner,
      repo,
      head: 'topic',
      base: 'main',
      title: 't',
      unknown_field: true,
    });
    expect(created.status).toBe(201);
    const { data: pull } = await octokit.rest.pulls.get({ owner, repo, pull_number: 1 });
    expect(pull.head.ref).toBe('topic');
    const { data: runs } = await octokit.rest.actions.listWorkflowRunsForRepo({ owner, repo, per_page: 5 });
    expect(runs.total_count).toBe(0);
    expect(
      pullRequestEvent(fake, { repo: 'acme/falco-rules', number: 1, action: 'opened' }).payload,
    ).toMatchObject({
      action: 'opened',
      pull_request: { number: 1 },
    });
    expect(fake.violations()).toEqual([]);
  });

  it('still answers 404 to an operation it does not serve, and records it', async () => {
    expect(await statusOf(octokit.request('GET /repos/{owner}/{repo}/issues', { owner, repo }))).toBe(404);
    expect(fake.takeViolations()).toEqual([expect.objectContaining({ kind: 'unknown-operation' })]);
  });
});
