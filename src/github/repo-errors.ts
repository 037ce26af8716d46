/**
 * The one place where what octokit throws becomes a `RepoError` the workflow can act on:
 *
 * | GitHub answer                                              | RepoError                                    |
 * |------------------------------------------------------------|----------------------------------------------|
 * | 403/429 "secondary rate limit"                             | unavailable, retryAfterMs = retry-after (60 s) |
 * | 403/429 with x-ratelimit-remaining: 0                      | unavailable, retryAfterMs = until x-ratelimit-reset |
 * | 429 otherwise                                              | unavailable, retryAfterMs = retry-after (60 s) |
 * | 401, 403 otherwise; App not installed on the repository     | forbidden (naming the permission GitHub asks for) |
 * | 404, 410                                                   | not_found                                    |
 * | 409                                                        | conflict                                     |
 * | 400, 422, other 4xx                                        | invalid                                      |
 * | 5xx, network failure, timeout                              | unavailable                                  |
 *
 * Messages say what was attempted and what GitHub said; they never contain credentials (octokit keeps headers out
 * of its messages, and we only read response headers).
 */
import type { RepoError } from '../triage/ports/index.js';
import { GitHubSetupError } from './octokit.js';

const SECONDARY_FALLBACK_MS = 60_000;

interface RequestErrorLike {
  readonly status: number;
  readonly message: string;
  readonly response?: {
    readonly headers: Readonly<Record<string, string | number | undefined>>;
    readonly data?: unknown;
  };
}

/** octokit's RequestError (and the AbortError it lets through, which also carries `status`). */
export function isRequestError(error: unknown): error is RequestErrorLike {
  return (
    error instanceof Error &&
    typeof (error as { status?: unknown }).status === 'number' &&
    typeof error.message === 'string'
  );
}

/** GitHub's `message` (JSON answers) or a short stand-in for HTML error pages. */
export function gitHubMessage(error: RequestErrorLike): string {
  const data = error.response?.data;
  if (typeof data === 'object' && data !== null) {
    const message = (data as { message?: unknown }).message;
    if (typeof message === 'string' && message !== '') {
      const details = validationDetails(data);
      return details === '' ? message : `${message}: ${details}`;
    }
  }
  if (error.response !== undefined) return `HTTP ${error.status}`;
  return error.message;
}

/** The `errors[]` of a 422 Validation Failed, as GitHub's custom messages or `field code`. */
function validationDetails(data: object): string {
  const errors = (data as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return '';
  return errors
    .map((item: unknown) => {
      if (typeof item === 'string') return item;
      const entry = item as { message?: unknown; field?: unknown; code?: unknown };
      if (typeof entry.message === 'string') return entry.message;
      return [entry.field, entry.code].filter((part) => typeof part === 'string').join(' ');
    })
    .filter((text) => text !== '')
    .join('; ');
}

function header(error: RequestErrorLike, name: string): string | undefined {
  const value = error.response?.headers[name];
  return value === undefined ? undefined : String(value);
}

function rateLimitWaitMs(error: RequestErrorLike, nowMs: number): number | undefined {
  const message = gitHubMessage(error);
  const retryAfter = Number(header(error, 'retry-after'));
  const hasRetryAfter =
    Number.isFinite(retryAfter) && retryAfter >= 0 && header(error, 'retry-after') !== undefined;
  if (/secondary rate limit/i.test(message)) {
    return hasRetryAfter ? retryAfter * 1000 : SECONDARY_FALLBACK_MS;
  }
  if (header(error, 'x-ratelimit-remaining') === '0') {
    if (hasRetryAfter) return retryAfter * 1000;
    const reset = Number(header(error, 'x-ratelimit-reset'));
    // One second past the reset, as GitHub advises.
    return Number.isFinite(reset) ? Math.max(1000, reset * 1000 - nowMs + 1000) : SECONDARY_FALLBACK_MS;
  }
  if (error.status === 429) return hasRetryAfter ? retryAfter * 1000 : SECONDARY_FALLBACK_MS;
  return undefined;
}

/** Where GitHub says which permission was missing (fine-grained tokens and Apps; classic token scopes). */
function permissionHint(error: RequestErrorLike): string {
  const accepted = header(error, 'x-accepted-github-permissions');
  if (accepted !== undefined && accepted !== '') {
    return ` (GitHub needs the permission ${accepted.replaceAll(';', ' or ')})`;
  }
  const scopes = header(error, 'x-accepted-oauth-scopes');
  if (scopes !== undefined && scopes !== '') return ` (GitHub needs a token with the scope ${scopes})`;
  return '';
}

/**
 * Translates a failure of `attempt` (a short phrase such as "read falco/values.yaml at main") into a RepoError.
 * Anything that is not an HTTP answer (DNS, reset connection, timeout) is `unavailable`.
 */
export function toRepoError(error: unknown, attempt: string, nowMs: number = Date.now()): RepoError {
  if (error instanceof GitHubSetupError)
    return { kind: 'forbidden', message: `cannot ${attempt}: ${error.message}` };
  if (!isRequestError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'unavailable', message: `cannot ${attempt}: GitHub unreachable (${message})` };
  }
  const said = gitHubMessage(error);
  const { status } = error;
  if (status === 403 || status === 429) {
    const retryAfterMs = rateLimitWaitMs(error, nowMs);
    if (retryAfterMs !== undefined) {
      return { kind: 'unavailable', message: `cannot ${attempt}: GitHub rate limit (${said})`, retryAfterMs };
    }
  }
  if (status === 401) {
    return { kind: 'forbidden', message: `cannot ${attempt}: GitHub rejected the credentials (${said})` };
  }
  if (status === 403)
    return { kind: 'forbidden', message: `cannot ${attempt}: ${said}${permissionHint(error)}` };
  if (status === 404 || status === 410) return { kind: 'not_found', message: `cannot ${attempt}: ${said}` };
  if (status === 409) return { kind: 'conflict', message: `cannot ${attempt}: ${said}` };
  if (status >= 500 || error.response === undefined) {
    const what =
      error.response === undefined
        ? `GitHub unreachable (${said})`
        : `GitHub answered ${status}${said === `HTTP ${status}` ? '' : ` (${said})`}`;
    return { kind: 'unavailable', message: `cannot ${attempt}: ${what}` };
  }
  return { kind: 'invalid', message: `cannot ${attempt}: ${said}` };
}
