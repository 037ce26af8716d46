import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Octokit } from 'octokit';
import type { FakeGitHub } from '../../../../src/stand-ins/github/fake-github.js';
import { REPO, TOKEN, VALUES, b64, octokitFor, startFake, statusOf } from './setup.js';

const owner = 'acme';
const repo = 'falco-rules';

describe('fake GitHub: fault injection', () => {
  let fake: FakeGitHub;
  beforeEach(async () => {
    fake = await startFake();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('fails the next N matching requests with the given status, then recovers', async () => {
    const octokit = octokitFor(fake);
    const fault = fake.faults.inject(
      { method: 'GET', path: '/repos/acme/falco-rules/contents/*' },
      { kind: 'status', status: 503 },
      { times: 2 },
    );
    const get = () => octokit.rest.repos.getContent({ owner, repo, path: VALUES });

    expect(await statusOf(get())).toBe(503);
    expect(await statusOf(get())).toBe(503);
    expect(await statusOf(get())).toBe(200);
    expect(fault).toMatchObject({ fired: 2, remaining: 0 });
    expect(fake.requests({ operationId: 'repos/get-content' }).map((r) => [r.status, r.fault])).toEqual([
      [503, 'status'],
      [503, 'status'],
      [200, undefined],
    ]);
  });

  it('injects 409, 422, 500 and an HTML 502 by operationId', async () => {
    const octokit = octokitFor(fake);
    const put = () =>
      octokit.rest.repos.createOrUpdateFileContents({
        owner,
        repo,
        path: 'n.txt',
        message: 'm',
        content: b64('x'),
      });
    for (const status of [409, 422, 500]) {
      fake.faults.inject({ operationId: 'repos/create-or-update-file-contents' }, { kind: 'status', status });
      expect(await statusOf(put())).toBe(status);
    }
    fake.faults.inject(
      { operationId: 'repos/create-or-update-file-contents' },
      { kind: 'status', status: 502 },
    );
    await expect(put()).rejects.toMatchObject({ status: 502, message: expect.stringContaining('Unicorn') });
    expect(fake.file(REPO, 'main', 'n.txt')).toBeUndefined();
    expect(await statusOf(put())).toBe(201);
  });

  it("answers a secondary rate limit that octokit's throttling plugin recognises and retries", async () => {
    const seen: number[] = [];
    const octokit = new Octokit({
      auth: TOKEN,
      baseUrl: fake.url,
      request: { retries: 0 },
      throttle: {
        retryAfterBaseValue: 1,
        onSecondaryRateLimit: (
          retryAfter: number,
          _options: unknown,
          _octokit: unknown,
          retryCount: number,
        ) => {
          seen.push(retryAfter);
          return retryCount < 1;
        },
        onRateLimit: () => false,
      },
    });
    fake.faults.inject({ operationId: 'repos/get' }, { kind: 'secondary-rate-limit', retryAfterSeconds: 7 });

    const { status } = await octokit.rest.repos.get({ owner, repo });

    expect(status).toBe(200);
    expect(seen).toEqual([7]);
    expect(fake.requests({ operationId: 'repos/get' }).map((r) => r.status)).toEqual([403, 200]);
  });

  it('answers a primary rate limit (429, remaining 0, reset) that the plugin reports as such', async () => {
    const resets: number[] = [];
    const octokit = new Octokit({
      auth: TOKEN,
      baseUrl: fake.url,
      request: { retries: 0 },
      throttle: {
        retryAfterBaseValue: 1,
        onRateLimit: (retryAfter: number) => {
          resets.push(retryAfter);
          return false;
        },
        onSecondaryRateLimit: () => false,
      },
    });
    fake.faults.inject(
      { operationId: 'repos/get' },
      { kind: 'primary-rate-limit', status: 429, resetInSeconds: 120 },
    );

    const failed = octokit.rest.repos.get({ owner, repo });

    await expect(failed).rejects.toMatchObject({
      status: 429,
      response: { headers: { 'x-ratelimit-remaining': '0' } },
    });
    expect(resets).toHaveLength(1);
    expect(resets[0]).toBeGreaterThanOrEqual(119);
  });

  it('drops the connection for a network fault', async () => {
    const octokit = octokitFor(fake);
    fake.faults.inject({ operationId: 'pulls/list' }, { kind: 'network' });
    await expect(octokit.rest.pulls.list({ owner, repo })).rejects.toMatchObject({ status: 500 });
    expect(fake.requests({ operationId: 'pulls/list' })[0]).toMatchObject({
      status: 'network',
      fault: 'network',
    });
    expect((await octokit.rest.pulls.list({ owner, repo })).status).toBe(200);
  });

  it('sends rate-limit headers on every answer', async () => {
    const { headers } = await octokitFor(fake).rest.repos.get({ owner, repo });
    expect(headers['x-ratelimit-limit']).toBe('5000');
    expect(Number(headers['x-ratelimit-remaining'])).toBe(4999);
    expect(headers['x-github-request-id']).toMatch(/^[0-9A-F-]+$/);
  });
});
