/**
 * The operations the GitHub stand-in serves, as GitHub's REST API (version 2022-11-28) defines them: method, path
 * template and operation id, and which parameters are numbers or booleans (all others are strings). Routing needs
 * nothing more. When the caller gives GitHub's OpenAPI description (schemas.ts), requests are also checked against it;
 * test/unit/stand-ins/github/routes.test.ts keeps this table equal to the operations of that description.
 */

export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** GitHub's path template, e.g. `/repos/{owner}/{repo}/pulls/{pull_number}`. */
  readonly template: string;
  readonly operationId: string;
}

export const GITHUB_ROUTES: readonly Route[] = [
  { method: 'GET', template: '/app', operationId: 'apps/get-authenticated' },
  {
    method: 'POST',
    template: '/app/installations/{installation_id}/access_tokens',
    operationId: 'apps/create-installation-access-token',
  },
  { method: 'GET', template: '/user', operationId: 'users/get-authenticated' },
  { method: 'GET', template: '/repos/{owner}/{repo}', operationId: 'repos/get' },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/installation',
    operationId: 'apps/get-repo-installation',
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/actions/runs',
    operationId: 'actions/list-workflow-runs-for-repo',
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/actions/runs/{run_id}',
    operationId: 'actions/get-workflow-run',
  },
  { method: 'GET', template: '/repos/{owner}/{repo}/branches/{branch}', operationId: 'repos/get-branch' },
  { method: 'GET', template: '/repos/{owner}/{repo}/commits', operationId: 'repos/list-commits' },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/commits/{commit_sha}/pulls',
    operationId: 'repos/list-pull-requests-associated-with-commit',
  },
  { method: 'GET', template: '/repos/{owner}/{repo}/contents/{path}', operationId: 'repos/get-content' },
  {
    method: 'PUT',
    template: '/repos/{owner}/{repo}/contents/{path}',
    operationId: 'repos/create-or-update-file-contents',
  },
  { method: 'POST', template: '/repos/{owner}/{repo}/git/blobs', operationId: 'git/create-blob' },
  { method: 'POST', template: '/repos/{owner}/{repo}/git/commits', operationId: 'git/create-commit' },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/git/commits/{commit_sha}',
    operationId: 'git/get-commit',
  },
  { method: 'GET', template: '/repos/{owner}/{repo}/git/ref/{ref}', operationId: 'git/get-ref' },
  { method: 'POST', template: '/repos/{owner}/{repo}/git/refs', operationId: 'git/create-ref' },
  { method: 'PATCH', template: '/repos/{owner}/{repo}/git/refs/{ref}', operationId: 'git/update-ref' },
  { method: 'DELETE', template: '/repos/{owner}/{repo}/git/refs/{ref}', operationId: 'git/delete-ref' },
  { method: 'POST', template: '/repos/{owner}/{repo}/git/trees', operationId: 'git/create-tree' },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    operationId: 'issues/list-comments',
  },
  {
    method: 'POST',
    template: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    operationId: 'issues/create-comment',
  },
  {
    method: 'POST',
    template: '/repos/{owner}/{repo}/issues/{issue_number}/labels',
    operationId: 'issues/add-labels',
  },
  { method: 'GET', template: '/repos/{owner}/{repo}/pulls', operationId: 'pulls/list' },
  { method: 'POST', template: '/repos/{owner}/{repo}/pulls', operationId: 'pulls/create' },
  { method: 'GET', template: '/repos/{owner}/{repo}/pulls/{pull_number}', operationId: 'pulls/get' },
  { method: 'PATCH', template: '/repos/{owner}/{repo}/pulls/{pull_number}', operationId: 'pulls/update' },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/pulls/{pull_number}/files',
    operationId: 'pulls/list-files',
  },
  {
    method: 'POST',
    template: '/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers',
    operationId: 'pulls/request-reviewers',
  },
];

/** Path and query parameters of these operations that GitHub types as integers; the rest are strings… */
export const INTEGER_PARAMETERS: ReadonlySet<string> = new Set([
  'installation_id',
  'run_id',
  'issue_number',
  'pull_number',
  'check_suite_id',
  'per_page',
  'page',
]);

/** …or booleans. */
export const BOOLEAN_PARAMETERS: ReadonlySet<string> = new Set(['exclude_pull_requests']);

export type ParamValue = string | number | boolean;

export interface RouteMatch {
  readonly route: Route;
  /** Path parameters as they came, still percent-encoded. */
  readonly rawPathParams: Readonly<Record<string, string>>;
}

// Parameters whose value may contain `/` unencoded (GitHub accepts both `a/b` and `a%2Fb`).
const greedyParams = new Set(['path', 'ref', 'branch']);

interface CompiledRoute {
  readonly route: Route;
  readonly regex: RegExp;
  readonly pathNames: readonly string[];
}

const compiled: readonly CompiledRoute[] = GITHUB_ROUTES.map((route) => {
  const pathNames: string[] = [];
  const pattern = route.template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    pathNames.push(name);
    return greedyParams.has(name) ? '(.+)' : '([^/]+)';
  });
  return { route, regex: new RegExp(`^${pattern}/?$`), pathNames };
});

/** The route for a method and raw (still percent-encoded) path, if the stand-in serves one. */
export function matchRoute(method: string, rawPath: string): RouteMatch | undefined {
  for (const { route, regex, pathNames } of compiled) {
    if (route.method !== method) continue;
    const found = regex.exec(rawPath);
    if (found === null) continue;
    const rawPathParams: Record<string, string> = {};
    pathNames.forEach((name, index) => (rawPathParams[name] = found[index + 1] ?? ''));
    return { route, rawPathParams };
  }
  return undefined;
}

/** Path and query parameters, decoded and typed, without checking them (when no description was given). */
export function routeParams(match: RouteMatch, query: URLSearchParams): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {};
  for (const [name, value] of query) params[name] = typed(name, value);
  for (const [name, value] of Object.entries(match.rawPathParams))
    params[name] = typed(name, safeDecode(value));
  return params;
}

function typed(name: string, raw: string): ParamValue {
  if (INTEGER_PARAMETERS.has(name)) return /^-?\d+$/.test(raw) ? Number(raw) : raw;
  if (BOOLEAN_PARAMETERS.has(name)) return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}

export function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
