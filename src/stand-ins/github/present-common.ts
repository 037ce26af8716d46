/**
 * GitHub's JSON shapes for users, repositories, labels, Apps and installations, built from the fake's state with
 * URLs that point back at the fake (API) and at the configured web host (html_url). Field sets follow the
 * `simple-user`, `repository`, `full-repository`, `minimal-repository`, `label`, `integration` and `installation`
 * schemas of the description; the fake's own tests validate them in debug mode.
 */
import type { AppRecord, InstallationSpec } from './auth.js';
import type { FakeState } from './fake-state.js';
import type { LabelRecord, RepoState, UserRecord } from './repo-state.js';

type Json = Record<string, unknown>;

export function nodeId(kind: string, id: number): string {
  return Buffer.from(`0:${kind}${id}`).toString('base64');
}

export function presentUser(state: FakeState, user: UserRecord): Json {
  const api = state.urls.api;
  const base = user.type === 'Organization' ? `${api}/orgs/${user.login}` : `${api}/users/${user.login}`;
  const users = `${api}/users/${user.login}`;
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId(user.type === 'Bot' ? 'Bot' : 'User', user.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    gravatar_id: '',
    url: base,
    html_url: `${state.urls.web}/${user.type === 'Bot' ? `apps/${user.login.replace(/\[bot\]$/, '')}` : user.login}`,
    followers_url: `${users}/followers`,
    following_url: `${users}/following{/other_user}`,
    gists_url: `${users}/gists{/gist_id}`,
    starred_url: `${users}/starred{/owner}{/repo}`,
    subscriptions_url: `${users}/subscriptions`,
    organizations_url: `${users}/orgs`,
    repos_url: `${base}/repos`,
    events_url: `${users}/events{/privacy}`,
    received_events_url: `${users}/received_events`,
    type: user.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

export function presentUserByLogin(state: FakeState, login: string): Json {
  return presentUser(state, state.user(login));
}

/** The URL fields every repository shape carries. */
function repositoryUrls(state: FakeState, repo: RepoState): Json {
  const url = `${state.urls.api}/repos/${repo.fullName}`;
  const host = new URL(state.urls.web).host;
  return {
    url,
    html_url: `${state.urls.web}/${repo.fullName}`,
    archive_url: `${url}/{archive_format}{/ref}`,
    assignees_url: `${url}/assignees{/user}`,
    blobs_url: `${url}/git/blobs{/sha}`,
    branches_url: `${url}/branches{/branch}`,
    collaborators_url: `${url}/collaborators{/collaborator}`,
    comments_url: `${url}/comments{/number}`,
    commits_url: `${url}/commits{/sha}`,
    compare_url: `${url}/compare/{base}...{head}`,
    contents_url: `${url}/contents/{+path}`,
    contributors_url: `${url}/contributors`,
    deployments_url: `${url}/deployments`,
    downloads_url: `${url}/downloads`,
    events_url: `${url}/events`,
    forks_url: `${url}/forks`,
    git_commits_url: `${url}/git/commits{/sha}`,
    git_refs_url: `${url}/git/refs{/sha}`,
    git_tags_url: `${url}/git/tags{/sha}`,
    hooks_url: `${url}/hooks`,
    issue_comment_url: `${url}/issues/comments{/number}`,
    issue_events_url: `${url}/issues/events{/number}`,
    issues_url: `${url}/issues{/number}`,
    keys_url: `${url}/keys{/key_id}`,
    labels_url: `${url}/labels{/name}`,
    languages_url: `${url}/languages`,
    merges_url: `${url}/merges`,
    milestones_url: `${url}/milestones{/number}`,
    notifications_url: `${url}/notifications{?since,all,participating}`,
    pulls_url: `${url}/pulls{/number}`,
    releases_url: `${url}/releases{/id}`,
    stargazers_url: `${url}/stargazers`,
    statuses_url: `${url}/statuses/{sha}`,
    subscribers_url: `${url}/subscribers`,
    subscription_url: `${url}/subscription`,
    tags_url: `${url}/tags`,
    teams_url: `${url}/teams`,
    trees_url: `${url}/git/trees{/sha}`,
    git_url: `git://${host}/${repo.fullName}.git`,
    ssh_url: `git@${host}:${repo.fullName}.git`,
    clone_url: `${state.urls.web}/${repo.fullName}.git`,
    svn_url: `${state.urls.web}/${repo.fullName}`,
  };
}

/** `minimal-repository`: what workflow runs embed. */
export function presentMinimalRepository(state: FakeState, repo: RepoState): Json {
  return {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: repo.fullName,
    owner: presentUser(state, repo.owner),
    private: repo.isPrivate,
    description: null,
    fork: false,
    ...repositoryUrls(state, repo),
  };
}

/** `repository`: what pull request heads and bases embed. */
export function presentRepository(state: FakeState, repo: RepoState): Json {
  const openPulls = [...repo.pulls.values()].filter((pull) => pull.state === 'open').length;
  return {
    ...presentMinimalRepository(state, repo),
    homepage: null,
    language: 'YAML',
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 1,
    default_branch: repo.defaultBranch,
    open_issues: openPulls,
    open_issues_count: openPulls,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: repo.isPrivate ? 'private' : 'public',
    mirror_url: null,
    license: null,
    pushed_at: repo.pushedAt,
    created_at: repo.createdAt,
    updated_at: repo.pushedAt,
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
    allow_rebase_merge: true,
    allow_squash_merge: true,
    allow_merge_commit: true,
    allow_auto_merge: false,
    delete_branch_on_merge: false,
    allow_forking: !repo.isPrivate,
    web_commit_signoff_required: false,
  };
}

/** `full-repository`: `GET /repos/{owner}/{repo}`. */
export function presentFullRepository(state: FakeState, repo: RepoState): Json {
  const full: Json = { ...presentRepository(state, repo), network_count: 0, subscribers_count: 1 };
  if (repo.owner.type === 'Organization') full['organization'] = presentUser(state, repo.owner);
  return full;
}

export function presentLabel(state: FakeState, repo: RepoState, label: LabelRecord): Json {
  return {
    id: label.id,
    node_id: nodeId('Label', label.id),
    url: `${state.urls.api}/repos/${repo.fullName}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    description: label.description,
    color: label.color,
    default: false,
  };
}

const APP_PERMISSIONS = {
  actions: 'read',
  contents: 'write',
  issues: 'write',
  metadata: 'read',
  pull_requests: 'write',
};
const APP_EVENTS = ['pull_request', 'workflow_run'];

/** `integration`: `GET /app`. */
export function presentApp(state: FakeState, app: AppRecord): Json {
  return {
    id: app.appId,
    slug: app.slug,
    client_id: `Iv1.${app.appId.toString(16).padStart(16, '0')}`,
    node_id: nodeId('Integration', app.appId),
    owner: presentUser(state, state.user(app.owner)),
    name: app.name,
    description: 'falco-triage test App',
    external_url: 'https://example.com',
    html_url: `${state.urls.web}/apps/${app.slug}`,
    created_at: '2024-01-01T00:00:00Z',
    updated_at: '2024-01-01T00:00:00Z',
    permissions: APP_PERMISSIONS,
    events: APP_EVENTS,
    installations_count: app.installations.length,
  };
}

/** `installation`: `GET /repos/{owner}/{repo}/installation`. */
export function presentInstallation(state: FakeState, app: AppRecord, installation: InstallationSpec): Json {
  const account = state.user(installation.account);
  return {
    id: installation.id,
    account: presentUser(state, account),
    repository_selection: installation.repos === undefined ? 'all' : 'selected',
    access_tokens_url: `${state.urls.api}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${state.urls.api}/installation/repositories`,
    html_url: `${state.urls.web}/settings/installations/${installation.id}`,
    app_id: app.appId,
    app_slug: app.slug,
    client_id: `Iv1.${app.appId.toString(16).padStart(16, '0')}`,
    target_id: account.id,
    target_type: account.type === 'Organization' ? 'Organization' : 'User',
    permissions: APP_PERMISSIONS,
    events: APP_EVENTS,
    created_at: '2024-01-01T00:00:00Z',
    updated_at: '2024-01-01T00:00:00Z',
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by: null,
    suspended_at: null,
  };
}
