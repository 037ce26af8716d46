import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { FakeGitHub } from '../../../src/stand-ins/github/index.js';
import { failure, REPO, RULES, repoFor, SEED, startFake, unwrap } from './setup.js';

const READ = { operationId: 'repos/get-content' } as const;

describe('GitHub repo port: failures become RepoErrors', () => {
  let fake: FakeGitHub;
  beforeEach(async () => {
    fake = await startFake();
  });
  afterEach(async () => {
    fake.assertNoViolations();
    await fake.close();
  });

  it('an unknown or revoked token is forbidden, with GitHub’s reason', async () => {
    const error = failure(await repoFor(fake, { kind: 'token', token: 'ghp_wrong' }).readFile(RULES, 'main'));
    expect(error).toMatchObject({ kind: 'forbidden' });
    expect(error.message).toContain('Bad credentials');
    expect(error.message).not.toContain('ghp_wrong');

    const repo = repoFor(fake);
    unwrap(await repo.branchHead('main'));
    fake.revokeToken('ghp_contract_test_token');
    expect(failure(await repo.branchHead('main')).kind).toBe('forbidden');
  });

  it('a read-only token is forbidden to write, and nothing changes', async () => {
    fake.addToken('ghp_read_only', { readOnly: true });
    const repo = repoFor(fake, { kind: 'token', token: 'ghp_read_only' });
    const file = unwrap(await repo.readFile(RULES, 'main'));
    const error = failure(
      await repo.writeFile({
        branch: 'main',
        path: RULES,
        content: 'x',
        expectedSha: file?.sha,
        message: 'm',
      }),
    );
    expect(error).toMatchObject({ kind: 'forbidden' });
    expect(error.message).toContain('Resource not accessible');
    expect(fake.file(REPO, 'main', RULES)).toBe(SEED);
  });

  it('a token for another repository cannot see this one (not_found, as GitHub hides it)', async () => {
    fake.addToken('ghp_elsewhere', { repos: ['acme/other'] });
    const error = failure(await repoFor(fake, { kind: 'token', token: 'ghp_elsewhere' }).branchHead('main'));
    expect(error.kind).toBe('not_found');
  });

  it('a secondary rate limit is unavailable, retry after what GitHub said', async () => {
    fake.faults.inject(
      { operationId: 'pulls/create' },
      { kind: 'secondary-rate-limit', retryAfterSeconds: 90 },
    );
    const repo = repoFor(fake);
    unwrap(await repo.resetBranch('falco-triage/x', unwrap(await repo.branchHead('main'))));
    fake.setFile(REPO, 'falco-triage/x', 'x.txt', 'x');
    const error = failure(
      await repo.openPullRequest({
        branch: 'falco-triage/x',
        title: 't',
        body: 'b',
        labels: [],
        reviewers: [],
      }),
    );
    expect(error).toMatchObject({ kind: 'unavailable', retryAfterMs: 90_000 });
    expect(error.message).toContain('secondary rate limit');
  });

  it('a primary rate limit is unavailable until the reset time', async () => {
    fake.faults.inject(READ, { kind: 'primary-rate-limit', status: 429, resetInSeconds: 120 });
    const error = failure(await repoFor(fake).readFile(RULES, 'main'));
    expect(error.kind).toBe('unavailable');
    const wait = error.kind === 'unavailable' ? (error.retryAfterMs ?? 0) : 0;
    expect(wait).toBeGreaterThan(115_000);
    expect(wait).toBeLessThanOrEqual(122_000);
  });

  it('a 403 primary rate limit is unavailable, not forbidden', async () => {
    fake.faults.inject(READ, { kind: 'primary-rate-limit', status: 403, resetInSeconds: 30 });
    expect(failure(await repoFor(fake).readFile(RULES, 'main'))).toMatchObject({ kind: 'unavailable' });
  });

  it.each([500, 502, 503])('a %i is unavailable without a wait', async (status) => {
    fake.faults.inject(READ, { kind: 'status', status });
    const error = failure(await repoFor(fake).readFile(RULES, 'main'));
    expect(error).toEqual({
      kind: 'unavailable',
      message: expect.stringContaining(`GitHub answered ${status}`),
    });
  });

  it('a dropped connection is unavailable', async () => {
    fake.faults.inject({ operationId: 'git/create-ref' }, { kind: 'network' });
    const error = failure(
      await repoFor(fake).resetBranch('falco-triage/n', unwrap(await repoFor(fake).branchHead('main'))),
    );
    expect(error.kind).toBe('unavailable');
    expect(error.message).toContain('unreachable');
  });

  it('an unreachable server is unavailable', async () => {
    const repo = repoFor(fake);
    const closed = await startFake();
    const url = closed.url;
    await closed.close();
    const error = failure(
      await (
        await import('../../../src/github/github-repo.js')
      )
        .createGitHubRepo(
          {
            apiUrl: url,
            owner: 'acme',
            repo: 'falco-rules',
            baseBranch: 'main',
            auth: { kind: 'token', token: 't' },
          },
          { throttle: false, retries: 0 },
        )
        .branchHead('main'),
    );
    expect(error.kind).toBe('unavailable');
    unwrap(await repo.branchHead('main'));
  });

  it('a request that hangs times out as unavailable', async () => {
    fake.faults.beforeNext(READ, () => new Promise((resolve) => setTimeout(resolve, 1000)));
    const error = failure(await repoFor(fake, undefined, { requestTimeoutMs: 100 }).readFile(RULES, 'main'));
    expect(error.kind).toBe('unavailable');
  });

  it('retries a 503 when retries are on, and succeeds', async () => {
    fake.faults.inject(READ, { kind: 'status', status: 503 });
    const file = unwrap(await repoFor(fake, undefined, { retries: 1 }).readFile(RULES, 'main'));
    expect(file?.content).toBe(SEED);
    expect(fake.requests(READ).map((request) => request.status)).toEqual([503, 200]);
  });

  it('never retries a 409: the conflict goes straight to the caller', async () => {
    fake.faults.inject(
      { operationId: 'repos/create-or-update-file-contents' },
      { kind: 'status', status: 409 },
    );
    const repo = repoFor(fake, undefined, { retries: 2 });
    const file = unwrap(await repo.readFile(RULES, 'main'));
    const result = await repo.writeFile({
      branch: 'main',
      path: RULES,
      content: 'x',
      expectedSha: file?.sha,
      message: 'm',
    });
    expect(failure(result).kind).toBe('conflict');
    expect(fake.requests({ operationId: 'repos/create-or-update-file-contents' })).toHaveLength(1);
  });

  it('other 422s are invalid, with GitHub’s message', async () => {
    fake.faults.inject(
      { operationId: 'issues/create-comment' },
      { kind: 'status', status: 422, message: 'Body is too long' },
    );
    const error = failure(await repoFor(fake).comment(1, 'x'));
    expect(error).toEqual({ kind: 'invalid', message: expect.stringContaining('Body is too long') });
  });
});

describe('GitHub repo port: rate limits with throttling on', () => {
  let fake: FakeGitHub;
  beforeEach(async () => {
    fake = await startFake();
  });
  afterEach(async () => {
    fake.assertNoViolations();
    await fake.close();
  });

  it('waits out a short secondary limit once, then succeeds', async () => {
    fake.faults.inject(READ, { kind: 'secondary-rate-limit', retryAfterSeconds: 1 });
    const repo = repoFor(fake, undefined, { throttle: true, maxRateLimitWaitMs: 5000 });
    expect(unwrap(await repo.readFile(RULES, 'main'))?.content).toBe(SEED);
    expect(fake.requests(READ).map((request) => request.status)).toEqual([403, 200]);
  });

  it('does not block on a long secondary limit: unavailable at once, with the wait', async () => {
    fake.faults.inject(READ, { kind: 'secondary-rate-limit', retryAfterSeconds: 600 });
    const repo = repoFor(fake, undefined, { throttle: true, maxRateLimitWaitMs: 5000 });
    const started = Date.now();
    expect(failure(await repo.readFile(RULES, 'main'))).toMatchObject({
      kind: 'unavailable',
      retryAfterMs: 600_000,
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(fake.requests(READ)).toHaveLength(1);
  });
});
