/**
 * Fault injection: the next N requests matching a pattern fail the way GitHub fails (409, 422, 5xx, secondary and
 * primary rate limits, a dropped connection), and hooks run just before a matching request is handled (e.g. a human
 * pushes to the base branch between the bot's read and its write).
 *
 * The rate-limit answers match what @octokit/plugin-throttling recognises: a secondary limit is a 403 whose message
 * contains "secondary rate" with `retry-after`; a primary limit is a 403/429 with `x-ratelimit-remaining: 0` and
 * `x-ratelimit-reset`.
 */

/** Which requests a fault or hook applies to; every given field must match. */
export interface RequestMatcher {
  readonly method?: string;
  /** Decoded path: exact string, `*` wildcards (`/repos/acme/rules/contents/*`) or a RegExp. */
  readonly path?: string | RegExp;
  /** An operationId of the description, e.g. `repos/create-or-update-file-contents`. */
  readonly operationId?: string;
}

export type Fault =
  | { readonly kind: 'status'; readonly status: number; readonly message?: string }
  | { readonly kind: 'secondary-rate-limit'; readonly retryAfterSeconds?: number }
  | { readonly kind: 'primary-rate-limit'; readonly status?: 403 | 429; readonly resetInSeconds?: number }
  | { readonly kind: 'network' };

export interface MatchableRequest {
  readonly method: string;
  readonly path: string;
  readonly operationId: string | undefined;
}

export type RequestHook = (request: MatchableRequest) => void | Promise<void>;

/** A live rule: `remaining` counts down as it fires; `cancel()` removes it. */
export interface RuleHandle {
  readonly remaining: number;
  readonly fired: number;
  cancel(): void;
}

interface Rule<T> {
  readonly matcher: RequestMatcher;
  readonly payload: T;
  remaining: number;
  fired: number;
}

export interface FaultResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  /** text/html bodies (GitHub's 502 page) are sent as-is. */
  readonly html?: boolean;
}

export class FaultPlan {
  private readonly faults: Rule<Fault>[] = [];
  private readonly hooks: Rule<RequestHook>[] = [];

  /** The next `times` (default 1) matching requests fail with `fault`. */
  inject(matcher: RequestMatcher, fault: Fault, options: { times?: number } = {}): RuleHandle {
    return this.add(this.faults, matcher, fault, options.times ?? 1);
  }

  /** Runs `hook` before the next `times` (default 1) matching requests are handled. */
  beforeNext(matcher: RequestMatcher, hook: RequestHook, options: { times?: number } = {}): RuleHandle {
    return this.add(this.hooks, matcher, hook, options.times ?? 1);
  }

  clear(): void {
    this.faults.length = 0;
    this.hooks.length = 0;
  }

  /** Hooks due for this request (consumed). */
  takeHooks(request: MatchableRequest): RequestHook[] {
    return this.take(this.hooks, request, true);
  }

  /** The fault due for this request, if any (consumed). */
  takeFault(request: MatchableRequest): Fault | undefined {
    return this.take(this.faults, request, false)[0];
  }

  private add<T>(list: Rule<T>[], matcher: RequestMatcher, payload: T, times: number): RuleHandle {
    const rule: Rule<T> = { matcher, payload, remaining: times, fired: 0 };
    list.push(rule);
    return {
      get remaining() {
        return rule.remaining;
      },
      get fired() {
        return rule.fired;
      },
      cancel: () => {
        rule.remaining = 0;
      },
    };
  }

  private take<T>(list: Rule<T>[], request: MatchableRequest, all: boolean): T[] {
    const due: T[] = [];
    for (const rule of list) {
      if (rule.remaining <= 0 || !matches(rule.matcher, request)) continue;
      rule.remaining -= 1;
      rule.fired += 1;
      due.push(rule.payload);
      if (!all) break;
    }
    return due;
  }
}

export function matches(matcher: RequestMatcher, request: MatchableRequest): boolean {
  if (matcher.method !== undefined && matcher.method.toUpperCase() !== request.method) return false;
  if (matcher.operationId !== undefined && matcher.operationId !== request.operationId) return false;
  if (matcher.path instanceof RegExp) return matcher.path.test(request.path);
  if (typeof matcher.path === 'string') return globToRegExp(matcher.path).test(request.path);
  return true;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*');
  return new RegExp(`^${escaped}$`);
}

const DOCS = 'https://docs.github.com/rest';

/** The HTTP answer for a fault (the network fault is handled by the server: it destroys the socket). */
export function faultResponse(fault: Exclude<Fault, { kind: 'network' }>, nowMs: number): FaultResponse {
  switch (fault.kind) {
    case 'secondary-rate-limit':
      return {
        status: 403,
        headers: { 'retry-after': String(fault.retryAfterSeconds ?? 60) },
        body: {
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID FAKE:0000:0000000:0000000:00000000.',
          documentation_url:
            'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
          status: '403',
        },
      };
    case 'primary-rate-limit': {
      const status = fault.status ?? 403;
      const reset = Math.floor(nowMs / 1000) + (fault.resetInSeconds ?? 60);
      return {
        status,
        headers: {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(reset),
          'x-ratelimit-used': '5000',
        },
        body: {
          message: 'API rate limit exceeded for installation ID 1.',
          documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api`,
          status: String(status),
        },
      };
    }
    case 'status':
      if (fault.status === 502) {
        return {
          status: 502,
          headers: {},
          body: '<html><body><h1>502 Bad Gateway</h1>Unicorn!</body></html>',
          html: true,
        };
      }
      return {
        status: fault.status,
        headers: {},
        body: {
          message: fault.message ?? defaultMessage(fault.status),
          documentation_url: DOCS,
          status: String(fault.status),
        },
      };
  }
}

function defaultMessage(status: number): string {
  switch (status) {
    case 409:
      return 'Conflict';
    case 422:
      return 'Validation Failed';
    case 500:
      return 'Server Error';
    case 503:
      return 'Service Unavailable';
    default:
      return `Error ${status}`;
  }
}
