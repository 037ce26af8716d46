/**
 * GitHub's JSON shapes for pull requests (`pull-request`, `pull-request-simple`), issue comments and changed
 * files. Head and base SHAs follow the branches while the pull request is open; `mergeable` is computed from the
 * content (see merge.ts) instead of GitHub's asynchronous null-then-value.
 */
import type { FakeState } from './fake-state.js';
import { changedFiles, mergeContent, type FileChange } from './merge.js';
import {
  nodeId,
  presentLabel,
  presentRepository,
  presentUser,
  presentUserByLogin,
} from './present-common.js';
import type { CommentRecord, PullRecord, RepoState } from './repo-state.js';

type Json = Record<string, unknown>;

function presentTeam(state: FakeState, repo: RepoState, slug: string): Json {
  const id = state.teamId(repo.owner.login, slug);
  return {
    id,
    node_id: nodeId('Team', id),
    url: `${state.urls.api}/organizations/${repo.owner.id}/team/${id}`,
    members_url: `${state.urls.api}/organizations/${repo.owner.id}/team/${id}/members{/member}`,
    name: slug,
    description: null,
    permission: 'pull',
    privacy: 'closed',
    notification_setting: 'notifications_enabled',
    html_url: `${state.urls.web}/orgs/${repo.owner.login}/teams/${slug}`,
    repositories_url: `${state.urls.api}/organizations/${repo.owner.id}/team/${id}/repos`,
    slug,
    parent: null,
    type: 'organization',
  };
}

function labelsOf(state: FakeState, repo: RepoState, pull: PullRecord, noDescription: '' | null): Json[] {
  return pull.labels.flatMap((name) => {
    const label = repo.labels.get(name.toLowerCase());
    if (label === undefined) return [];
    return [{ ...presentLabel(state, repo, label), description: label.description ?? noDescription }];
  });
}

function side(state: FakeState, repo: RepoState, ref: string, sha: string): Json {
  return {
    label: `${repo.owner.login}:${ref}`,
    ref,
    sha,
    user: presentUser(state, repo.owner),
    repo: presentRepository(state, repo),
  };
}

/** `pull-request-simple`: list entries and the answer to a reviewer request. */
export function presentPullSimple(state: FakeState, repo: RepoState, pull: PullRecord): Json {
  const api = `${state.urls.api}/repos/${repo.fullName}`;
  const url = `${api}/pulls/${pull.number}`;
  const html = `${state.urls.web}/${repo.fullName}/pull/${pull.number}`;
  const issue = `${api}/issues/${pull.number}`;
  const headSha = repo.pullHeadSha(pull);
  const statuses = `${api}/statuses/${headSha}`;
  return {
    url,
    id: pull.id,
    node_id: nodeId('PullRequest', pull.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issue,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${issue}/comments`,
    statuses_url: statuses,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    user: presentUserByLogin(state, pull.user),
    body: pull.body,
    // The description types a list entry's label description as a plain string (the full view allows null).
    labels: labelsOf(state, repo, pull, ''),
    milestone: null,
    active_lock_reason: null,
    created_at: pull.createdAt,
    updated_at: pull.updatedAt,
    closed_at: pull.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: pull.requestedReviewers.map((login) => presentUserByLogin(state, login)),
    requested_teams: pull.requestedTeams.map((slug) => presentTeam(state, repo, slug)),
    head: side(state, repo, pull.headRef, headSha),
    base: side(state, repo, pull.baseRef, repo.pullBaseSha(pull)),
    _links: {
      self: { href: url },
      html: { href: html },
      issue: { href: issue },
      comments: { href: `${issue}/comments` },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: { href: statuses },
    },
    author_association: 'CONTRIBUTOR',
    auto_merge: null,
    draft: pull.draft,
  };
}

/** `pull-request`: the full view (get, create, update) with merge state and change counts. */
export function presentPull(state: FakeState, repo: RepoState, pull: PullRecord): Json {
  const headSha = repo.pullHeadSha(pull);
  const baseSha = repo.pullBaseSha(pull);
  const mergeBase = repo.objects.mergeBase(baseSha, headSha) ?? baseSha;
  const files = headSha === '' ? [] : changedFiles(repo, mergeBase, headSha);
  let mergeable: boolean | null = null;
  let mergeableState = 'unknown';
  if (pull.state === 'open' && headSha !== '' && baseSha !== '') {
    mergeable = mergeContent(repo, baseSha, headSha).clean;
    mergeableState = mergeable ? 'clean' : 'dirty';
  }
  return {
    ...presentPullSimple(state, repo, pull),
    labels: labelsOf(state, repo, pull, null),
    merged: pull.mergedAt !== null,
    mergeable,
    rebaseable: mergeable,
    mergeable_state: mergeableState,
    merged_by: pull.mergedBy === null ? null : presentUserByLogin(state, pull.mergedBy),
    comments: repo.comments.get(pull.number)?.length ?? 0,
    review_comments: 0,
    maintainer_can_modify: pull.maintainerCanModify,
    commits: repo.pullCommits(pull).length,
    additions: files.reduce((sum, file) => sum + file.additions, 0),
    deletions: files.reduce((sum, file) => sum + file.deletions, 0),
    changed_files: files.length,
  };
}

export function presentComment(
  state: FakeState,
  repo: RepoState,
  issueNumber: number,
  comment: CommentRecord,
): Json {
  const api = `${state.urls.api}/repos/${repo.fullName}`;
  return {
    id: comment.id,
    node_id: nodeId('IssueComment', comment.id),
    url: `${api}/issues/comments/${comment.id}`,
    html_url: `${state.urls.web}/${repo.fullName}/pull/${issueNumber}#issuecomment-${comment.id}`,
    body: comment.body,
    user: presentUserByLogin(state, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    issue_url: `${api}/issues/${issueNumber}`,
    author_association: 'CONTRIBUTOR',
    performed_via_github_app: null,
  };
}

/** `diff-entry`: one file of `GET /pulls/{n}/files`. */
export function presentFileChange(
  state: FakeState,
  repo: RepoState,
  headSha: string,
  change: FileChange,
): Json {
  const path = change.path.split('/').map(encodeURIComponent).join('/');
  return {
    sha: change.sha,
    filename: change.path,
    status: change.status,
    additions: change.additions,
    deletions: change.deletions,
    changes: change.additions + change.deletions,
    blob_url: `${state.urls.web}/${repo.fullName}/blob/${headSha}/${path}`,
    raw_url: `${state.urls.web}/${repo.fullName}/raw/${headSha}/${path}`,
    contents_url: `${state.urls.api}/repos/${repo.fullName}/contents/${path}?ref=${headSha}`,
    patch: change.patch,
  };
}
