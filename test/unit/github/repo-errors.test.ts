import { describe, expect, it } from '@jest/globals';
import { RequestError } from 'octokit';
import { GitHubSetupError } from '../../../src/github/octokit.js';
import { toRepoError } from '../../../src/github/repo-errors.js';

const NOW = Date.parse('2026-08-13T12:00:00Z');
const request = {
  method: 'GET' as const,
  url: 'https://api.github.com/repos/acme/rules',
  headers: { authorization: 'token ghp_secret' },
};

function answer(status: number, data: unknown, headers: Record<string, string> = {}): RequestError {
  const message =
    typeof data === 'object' && data !== null ? String((data as { message?: unknown }).message) : 'x';
  return new RequestError(message, status, {
    request,
    response: { status, url: request.url, headers, data },
  });
}

describe('toRepoError', () => {
  it.each([
    [answer(404, { message: 'Not Found' }), 'not_found'],
    [answer(410, { message: 'Gone' }), 'not_found'],
    [answer(409, { message: 'x does not match y' }), 'conflict'],
    [
      answer(422, {
        message: 'Validation Failed',
        errors: [{ resource: 'PullRequest', field: 'head', code: 'invalid' }],
      }),
      'invalid',
    ],
    [answer(400, { message: 'Problems parsing JSON' }), 'invalid'],
    [answer(401, { message: 'Bad credentials' }), 'forbidden'],
    [answer(403, { message: 'Resource not accessible by integration' }), 'forbidden'],
    [answer(500, { message: 'Server Error' }), 'unavailable'],
    [answer(502, '<html>Unicorn</html>'), 'unavailable'],
    [new RequestError('getaddrinfo ENOTFOUND api.github.com', 500, { request }), 'unavailable'],
    [new TypeError('fetch failed'), 'unavailable'],
    [new GitHubSetupError('the GitHub App 1 is not installed on acme/rules'), 'forbidden'],
  ] as const)('%#: %s → %s', (error, kind) => {
    expect(toRepoError(error, 'do it', NOW).kind).toBe(kind);
  });

  it('names the permission GitHub asks for, and never the token', () => {
    const error = toRepoError(
      answer(
        403,
        { message: 'Resource not accessible by integration' },
        { 'x-accepted-github-permissions': 'contents=write' },
      ),
      'commit falco/values.yaml to main',
      NOW,
    );
    expect(error).toEqual({
      kind: 'forbidden',
      message:
        'cannot commit falco/values.yaml to main: Resource not accessible by integration (GitHub needs the permission contents=write)',
    });
    expect(JSON.stringify(error)).not.toContain('ghp_secret');
  });

  it('names the scope a classic token lacks', () => {
    const error = toRepoError(
      answer(403, { message: 'Forbidden' }, { 'x-accepted-oauth-scopes': 'repo' }),
      'x',
      NOW,
    );
    expect(error.message).toContain('scope repo');
  });

  it('keeps the details of a Validation Failed', () => {
    const error = toRepoError(
      answer(422, {
        message: 'Validation Failed',
        errors: [{ code: 'custom', message: 'No commits between main and b' }],
      }),
      'open',
      NOW,
    );
    expect(error.message).toBe('cannot open: Validation Failed: No commits between main and b');
  });

  it('turns rate limits into a wait', () => {
    const secondary = { message: 'You have exceeded a secondary rate limit. Please wait.' };
    expect(toRepoError(answer(403, secondary, { 'retry-after': '30' }), 'x', NOW)).toMatchObject({
      kind: 'unavailable',
      retryAfterMs: 30_000,
    });
    expect(toRepoError(answer(403, secondary), 'x', NOW)).toMatchObject({
      kind: 'unavailable',
      retryAfterMs: 60_000,
    });
    const reset = String(NOW / 1000 + 100);
    const primary = answer(
      403,
      { message: 'API rate limit exceeded' },
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset },
    );
    expect(toRepoError(primary, 'x', NOW)).toMatchObject({ kind: 'unavailable', retryAfterMs: 101_000 });
    expect(toRepoError(answer(429, { message: 'Too many' }), 'x', NOW)).toMatchObject({
      kind: 'unavailable',
      retryAfterMs: 60_000,
    });
    // A 403 with requests left is a permission problem, not a limit.
    expect(
      toRepoError(answer(403, { message: 'Forbidden' }, { 'x-ratelimit-remaining': '4000' }), 'x', NOW).kind,
    ).toBe('forbidden');
  });
});
