/**
 * The octokit client the bot talks to GitHub with (api.github.com, or GitHub Enterprise Server through
 * `GITHUB_API_URL`, e.g. `https://ghe.example.com/api/v3`), authenticated with a token or as a GitHub App.
 *
 * Failure policy, chosen for a bot whose work is retried by the outbox:
 * - 5xx and network failures are retried a few times with octokit's backoff (1 s, 4 s); every request has a timeout.
 * - Rate limits (primary and secondary) are waited out once, only when GitHub asks for a short wait
 *   (`maxRateLimitWaitMs`); longer waits surface as errors, which `toRepoError` turns into `unavailable` with
 *   `retryAfterMs`, so the outbox retries later instead of a request hanging for minutes.
 * - 409 and 429 are never retried blindly: a 409 is an optimistic-concurrency answer the caller must see, a 429 is
 *   the rate limiter's business.
 * - Writes go through octokit's throttling queue (one at a time, GitHub's guidance against secondary limits).
 *
 * Credentials never reach a log line: octokit's own log is routed to our logger with messages only.
 */
import { App, Octokit } from 'octokit';
import type { GitHubConfig } from '../config.js';
import { silentLogger, type Logger } from '../logger.js';

export type GitHubOctokit = InstanceType<typeof Octokit>;

export interface GitHubClientOptions {
  readonly logger?: Logger;
  /** Octokit's throttling (write queue, rate-limit waits). Tests turn it off; production keeps it on. */
  readonly throttle?: boolean;
  /** The longest rate-limit wait taken inside a request (default 30 s); longer ones give up with `unavailable`. */
  readonly maxRateLimitWaitMs?: number;
  /** Automatic retries of 5xx and network failures (default 2; tests use 0). */
  readonly retries?: number;
  /** Per-request timeout (default 30 s). */
  readonly requestTimeoutMs?: number;
  /** The fetch implementation (default: the global one). */
  readonly fetch?: typeof fetch;
  readonly userAgent?: string;
  /** Clock in epoch ms, for turning `x-ratelimit-reset` into a wait. */
  readonly now?: () => number;
}

const DEFAULT_MAX_RATE_LIMIT_WAIT_MS = 30_000;
const DEFAULT_RETRIES = 2;
const DEFAULT_TIMEOUT_MS = 30_000;
/** octokit-retry's defaults, plus 409 (a concurrency answer) and 429 (the throttling plugin's). */
const DO_NOT_RETRY = [400, 401, 403, 404, 409, 410, 422, 429, 451];

/** Thrown by `GitHubClient.octokit()` when the App's installation cannot be found; mapped to `forbidden`. */
export class GitHubSetupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GitHubSetupError';
  }
}

/** A lazily authenticated client: the App's installation is looked up on first use and again after a failure. */
export interface GitHubClient {
  octokit(): Promise<GitHubOctokit>;
}

function timedFetch(base: typeof fetch, timeoutMs: number): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return base(input, { ...init, signal });
  };
}

/** The Octokit class with the bot's defaults (base URL, timeouts, retry and rate-limit policy, logging). */
export function botOctokitClass(apiUrl: string, options: GitHubClientOptions = {}): typeof Octokit {
  const logger = (options.logger ?? silentLogger).child({ component: 'github' });
  const maxWaitSeconds = (options.maxRateLimitWaitMs ?? DEFAULT_MAX_RATE_LIMIT_WAIT_MS) / 1000;
  const onLimit =
    (kind: 'primary' | 'secondary') =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
      const retry = retryCount === 0 && retryAfter <= maxWaitSeconds;
      logger.warn(
        { kind, method: request.method, url: request.url, retryAfterSeconds: retryAfter, retry },
        retry ? 'GitHub rate limit: waiting before one retry' : 'GitHub rate limit: giving up for now',
      );
      return retry;
    };
  const throttle =
    options.throttle === false
      ? { enabled: false as const }
      : { onRateLimit: onLimit('primary'), onSecondaryRateLimit: onLimit('secondary') };
  return Octokit.defaults({
    baseUrl: apiUrl.replace(/\/+$/, ''),
    userAgent: options.userAgent ?? 'falco-triage',
    throttle,
    // Not `request.retries`: plugin-retry retries any failure of a request that carries it, even a 409.
    retry: { doNotRetry: DO_NOT_RETRY, retries: options.retries ?? DEFAULT_RETRIES },
    request: { fetch: timedFetch(options.fetch ?? fetch, options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS) },
    log: {
      debug: (message: string) => logger.debug({}, message),
      info: (message: string) => logger.info({}, message),
      warn: (message: string) => logger.warn({}, message),
      error: (message: string) => logger.error({}, message),
    },
  });
}

/**
 * A client for `config.owner/config.repo`. Token auth sends the token as is. App auth signs a JWT with the private
 * key, finds the installation on the repository when `installationId` is not configured
 * (`GET /repos/{owner}/{repo}/installation`), and lets octokit mint and refresh the one-hour installation tokens.
 */
export function createGitHubClient(
  config: Pick<GitHubConfig, 'apiUrl' | 'owner' | 'repo' | 'auth'>,
  options: GitHubClientOptions = {},
): GitHubClient {
  const BotOctokit = botOctokitClass(config.apiUrl, options);
  const auth = config.auth;
  if (auth.kind === 'token') {
    const octokit = new BotOctokit({ auth: auth.token });
    return { octokit: () => Promise.resolve(octokit) };
  }
  const app = new App({ appId: auth.appId, privateKey: auth.privateKey, Octokit: BotOctokit });
  let pending: Promise<GitHubOctokit> | undefined;
  const connect = async (): Promise<GitHubOctokit> => {
    const id = auth.installationId ?? (await lookUpInstallation(app, config.owner, config.repo, auth.appId));
    try {
      const octokit = await app.getInstallationOctokit(Number(id));
      // Mint (and cache) the first token now, so a wrong installation is reported as a setup problem.
      await octokit.auth({ type: 'installation' });
      return octokit;
    } catch (error) {
      if ((error as { status?: unknown }).status !== 404) throw error;
      throw new GitHubSetupError(
        `the GitHub App ${auth.appId} has no installation ${id}: check GITHUB_APP_INSTALLATION_ID ` +
          '(or leave it unset to look the installation up)',
        { cause: error },
      );
    }
  };
  return {
    octokit: () => {
      pending ??= connect().catch((error: unknown) => {
        pending = undefined;
        throw error;
      });
      return pending;
    },
  };
}

async function lookUpInstallation(app: App, owner: string, repo: string, appId: string): Promise<number> {
  try {
    const { data } = await app.octokit.request('GET /repos/{owner}/{repo}/installation', { owner, repo });
    return data.id;
  } catch (error) {
    if ((error as { status?: unknown }).status === 404) {
      throw new GitHubSetupError(
        `the GitHub App ${appId} is not installed on ${owner}/${repo}: install it on that repository ` +
          '(or set GITHUB_APP_INSTALLATION_ID)',
        { cause: error },
      );
    }
    throw error;
  }
}
