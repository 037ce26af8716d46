/**
 * GitHub App endpoints (called with the App's JWT): the App itself, a repository's installation, and minting an
 * installation token (optionally narrowed to some repositories). Plus `GET /user` for token callers, which an
 * installation token may not call ("Resource not accessible by integration"), as on GitHub.
 */
import type { AppRecord } from '../auth.js';
import {
  ApiError,
  bodyOf,
  notFound,
  numberParam,
  param,
  type Handler,
  type HandlerContext,
} from '../handler-kit.js';
import { presentApp, presentInstallation, presentUser } from '../present-common.js';

function appOf(context: HandlerContext): AppRecord {
  const caller = context.caller;
  const app = caller?.kind === 'app' ? context.state.auth.apps.get(caller.appId) : undefined;
  if (app === undefined) throw new ApiError(401, 'A JSON web token could not be decoded');
  return app;
}

const getApp: Handler = (context) => ({ status: 200, body: presentApp(context.state, appOf(context)) });

const createToken: Handler = (context) => {
  const app = appOf(context);
  const installationId = numberParam(context, 'installation_id');
  const found = context.state.auth.installation(installationId);
  if (found === undefined || found.app.appId !== app.appId) notFound();
  const { repositories } = bodyOf<{ repositories?: string[] }>(context);
  const { installation } = found;
  const reachable = (name: string) => {
    const full = `${installation.account}/${name}`.toLowerCase();
    return installation.repos === undefined
      ? context.state.repo(full) !== undefined
      : installation.repos.some((r) => r.toLowerCase() === full);
  };
  if (repositories !== undefined && !repositories.every(reachable)) {
    throw new ApiError(
      422,
      'There is at least one repository that does not exist or is not accessible to the parent installation.',
    );
  }
  const narrowed = repositories?.map((name) => `${installation.account}/${name}`);
  const minted = context.state.auth.issueInstallationToken(
    app.appId,
    installationId,
    context.state.nowMs(),
    narrowed,
  );
  return {
    status: 201,
    body: {
      token: minted.token,
      expires_at: minted.expiresAt,
      permissions: {
        contents: 'write',
        pull_requests: 'write',
        issues: 'write',
        metadata: 'read',
        actions: 'read',
      },
      repository_selection: installation.repos === undefined && narrowed === undefined ? 'all' : 'selected',
    },
  };
};

const getRepoInstallation: Handler = (context) => {
  const app = appOf(context);
  const fullName = `${param(context, 'owner')}/${param(context, 'repo')}`.toLowerCase();
  const repo = context.state.repo(fullName);
  const installation = app.installations.find(
    (i) =>
      repo !== undefined &&
      i.account.toLowerCase() === repo.owner.login.toLowerCase() &&
      (i.repos === undefined || i.repos.some((r) => r.toLowerCase() === fullName)),
  );
  if (installation === undefined) notFound();
  return { status: 200, body: presentInstallation(context.state, app, installation) };
};

const getUser: Handler = (context) => {
  const caller = context.caller;
  if (caller?.kind !== 'token') throw new ApiError(401, 'Requires authentication');
  if (caller.installationId !== undefined) throw new ApiError(403, 'Resource not accessible by integration');
  const user = context.state.user(caller.login);
  return {
    status: 200,
    body: {
      ...presentUser(context.state, user),
      name: caller.login,
      company: null,
      blog: '',
      location: null,
      email: null,
      hireable: null,
      bio: null,
      twitter_username: null,
      public_repos: 0,
      public_gists: 0,
      followers: 0,
      following: 0,
      created_at: '2024-01-01T00:00:00Z',
      updated_at: '2024-01-01T00:00:00Z',
      private_gists: 0,
      total_private_repos: 0,
      owned_private_repos: 0,
      disk_usage: 0,
      collaborators: 0,
      two_factor_authentication: true,
    },
  };
};

export const appHandlers: Record<string, Handler> = {
  'apps/get-authenticated': getApp,
  'apps/create-installation-access-token': createToken,
  'apps/get-repo-installation': getRepoInstallation,
  'users/get-authenticated': getUser,
};

/** Operations GitHub only accepts with an App JWT. */
export const APP_JWT_OPERATIONS: ReadonlySet<string> = new Set([
  'apps/get-authenticated',
  'apps/create-installation-access-token',
  'apps/get-repo-installation',
]);
