/**
 * What every route handler shares: its context, its answer, GitHub's error bodies and pagination.
 * Handlers answer an error by throwing ApiError: in a fake HTTP server the error status *is* the result, and
 * throwing keeps deep state checks (unknown ref, stale sha) one line each; the server turns it into the body
 * GitHub sends (`message`, `documentation_url`, `status`, and `errors` for validation failures).
 */
import type { Caller } from './auth.js';
import type { FakeState } from './fake-state.js';
import type { GitPerson } from './git-objects.js';
import type { RepoState } from './repo-state.js';

export interface HandlerContext {
  readonly operationId: string;
  /** Path and query parameters, decoded and typed (and checked, when the fake has GitHub's description). */
  readonly params: Readonly<Record<string, string | number | boolean>>;
  /** The JSON body (undefined when none). */
  readonly body: unknown;
  readonly caller: Caller | undefined;
  readonly state: FakeState;
  /** The full request URL (for pagination links). */
  readonly url: string;
  /**
   * Records a misuse GitHub would not reject but that is almost certainly a bot bug (e.g. a `head` filter GitHub
   * silently ignores); it fails the test like a schema violation.
   */
  readonly misuse: (message: string) => void;
}

export interface HandlerResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type Handler = (context: HandlerContext) => HandlerResponse;

export interface ValidationErrorItem {
  readonly resource: string;
  readonly code: string;
  readonly field?: string;
  readonly message?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: readonly ValidationErrorItem[],
    readonly documentationUrl = 'https://docs.github.com/rest',
  ) {
    super(message);
    this.name = 'ApiError';
  }

  asResponse(): HandlerResponse {
    return { status: this.status, body: this.body() };
  }

  body(): Record<string, unknown> {
    return {
      message: this.message,
      ...(this.errors === undefined ? {} : { errors: this.errors }),
      documentation_url: this.documentationUrl,
      status: String(this.status),
    };
  }
}

export function notFound(): never {
  throw new ApiError(404, 'Not Found');
}

/** GitHub's 422 "Validation Failed" with structured errors. */
export function validationFailed(...errors: ValidationErrorItem[]): never {
  throw new ApiError(422, 'Validation Failed', errors);
}

export function unprocessable(message: string): never {
  throw new ApiError(422, message);
}

export function param(context: HandlerContext, name: string): string {
  const value = context.params[name];
  if (value === undefined) throw new Error(`route parameter ${name} missing`);
  return String(value);
}

export function numberParam(context: HandlerContext, name: string): number {
  const value = context.params[name];
  if (typeof value !== 'number') throw new ApiError(404, 'Not Found');
  return value;
}

export function optionalParam(context: HandlerContext, name: string): string | undefined {
  const value = context.params[name];
  return value === undefined ? undefined : String(value);
}

/** The repository named by `{owner}/{repo}`, if it exists and the caller's token reaches it (404 otherwise). */
export function repoOf(context: HandlerContext): RepoState {
  const fullName = `${param(context, 'owner')}/${param(context, 'repo')}`;
  const repo = context.state.repo(fullName);
  const caller = context.caller;
  if (repo === undefined) notFound();
  if (caller?.kind === 'token') {
    if (caller.repos !== undefined && !caller.repos.has(repo.fullName.toLowerCase())) notFound();
    if (caller.account !== undefined && caller.account.toLowerCase() !== repo.owner.login.toLowerCase())
      notFound();
  }
  return repo;
}

export function bodyOf<T>(context: HandlerContext): T {
  return (context.body ?? {}) as T;
}

/** `per_page` (max 100) / `page` slicing with the `Link` header octokit's paginate follows. */
export function paginate<T>(
  context: HandlerContext,
  items: readonly T[],
  present: (item: T) => unknown,
): HandlerResponse {
  const perPage = Math.min(Math.max(Number(context.params['per_page'] ?? 30), 1), 100);
  const page = Math.max(Number(context.params['page'] ?? 1), 1);
  const lastPage = Math.max(Math.ceil(items.length / perPage), 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (p: number, rel: string) => {
    const url = new URL(context.url);
    url.searchParams.set('per_page', String(perPage));
    url.searchParams.set('page', String(p));
    return `<${url.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page < lastPage) links.push(link(page + 1, 'next'), link(lastPage, 'last'));
  if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
  return {
    status: 200,
    body: slice.map(present),
    headers: links.length > 0 ? { link: links.join(', ') } : {},
  };
}

/** The login behind the request (installation tokens act as `<app-slug>[bot]`). */
export function callerLogin(caller: Caller | undefined): string {
  return caller?.kind === 'token' ? caller.login : 'unknown';
}

/** A commit identity: the one given in the body, or the caller's noreply identity (as GitHub defaults it). */
export function identity(
  state: FakeState,
  caller: Caller | undefined,
  given: { name: string; email: string; date?: string } | undefined,
): GitPerson {
  if (given === undefined) return state.person(callerLogin(caller));
  return { name: given.name, email: given.email, date: given.date ?? state.nowIso() };
}
