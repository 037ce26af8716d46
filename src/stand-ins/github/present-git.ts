/**
 * GitHub's JSON shapes for git data and contents: `git-ref`, `git-commit`, `git-tree`, `short-blob`, `commit`
 * (the repos flavour), `content-file` / directory entries, `file-commit` and `branch-with-protection`.
 */
import type { CommitObject, GitPerson, Sha, TreeEntry } from './git-objects.js';
import type { FakeState } from './fake-state.js';
import { presentUser } from './present-common.js';
import type { RepoState } from './repo-state.js';

type Json = Record<string, unknown>;

function repoApi(state: FakeState, repo: RepoState): string {
  return `${state.urls.api}/repos/${repo.fullName}`;
}

function shaNodeId(kind: string, sha: Sha): string {
  return Buffer.from(`0:${kind}:${sha}`).toString('base64');
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export function presentRef(state: FakeState, repo: RepoState, ref: string, sha: Sha): Json {
  const api = repoApi(state, repo);
  return {
    ref,
    node_id: Buffer.from(`0:Ref:${repo.id}:${ref}`).toString('base64'),
    url: `${api}/git/${ref}`,
    object: { type: 'commit', sha, url: `${api}/git/commits/${sha}` },
  };
}

const UNSIGNED = { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null };

function person(p: GitPerson): Json {
  return { name: p.name, email: p.email, date: p.date };
}

/** `git-commit`: the Git database view of a commit. */
export function presentGitCommit(state: FakeState, repo: RepoState, commit: CommitObject): Json {
  const api = repoApi(state, repo);
  return {
    sha: commit.sha,
    node_id: shaNodeId('Commit', commit.sha),
    url: `${api}/git/commits/${commit.sha}`,
    html_url: `${state.urls.web}/${repo.fullName}/commit/${commit.sha}`,
    author: person(commit.author),
    committer: person(commit.committer),
    message: commit.message,
    tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${api}/git/commits/${sha}`,
      html_url: `${state.urls.web}/${repo.fullName}/commit/${sha}`,
    })),
    verification: UNSIGNED,
  };
}

/** The GitHub user behind a commit identity, if the email is one of the fake's noreply addresses. */
function userFor(state: FakeState, p: GitPerson): Json | null {
  const match = /^\d+\+(.+)@users\.noreply\.github\.com$/.exec(p.email);
  return match?.[1] === undefined ? null : presentUser(state, state.user(match[1]));
}

/** `commit`: the repos view (`GET /repos/{o}/{r}/commits`, branch heads). */
export function presentCommit(state: FakeState, repo: RepoState, commit: CommitObject): Json {
  const api = repoApi(state, repo);
  return {
    url: `${api}/commits/${commit.sha}`,
    sha: commit.sha,
    node_id: shaNodeId('Commit', commit.sha),
    html_url: `${state.urls.web}/${repo.fullName}/commit/${commit.sha}`,
    comments_url: `${api}/commits/${commit.sha}/comments`,
    commit: {
      url: `${api}/git/commits/${commit.sha}`,
      author: person(commit.author),
      committer: person(commit.committer),
      message: commit.message,
      comment_count: 0,
      tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
      verification: UNSIGNED,
    },
    author: userFor(state, commit.author),
    committer: userFor(state, commit.committer),
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${api}/commits/${sha}`,
      html_url: `${state.urls.web}/${repo.fullName}/commit/${sha}`,
    })),
  };
}

export function presentTree(
  state: FakeState,
  repo: RepoState,
  sha: Sha,
  entries: readonly TreeEntry[],
): Json {
  const api = repoApi(state, repo);
  return {
    sha,
    url: `${api}/git/trees/${sha}`,
    truncated: false,
    tree: entries.map((entry) => {
      const size = entry.type === 'blob' ? repo.objects.blob(entry.sha)?.length : undefined;
      return {
        path: entry.name,
        mode: entry.mode,
        type: entry.type,
        sha: entry.sha,
        ...(size === undefined ? {} : { size }),
        url: `${api}/git/${entry.type === 'tree' ? 'trees' : 'blobs'}/${entry.sha}`,
      };
    }),
  };
}

export function presentBlobRef(state: FakeState, repo: RepoState, sha: Sha): Json {
  return { url: `${repoApi(state, repo)}/git/blobs/${sha}`, sha };
}

/** The fields shared by a file, a directory entry and the `content` of a `file-commit`. */
function contentCommon(state: FakeState, repo: RepoState, path: string, ref: string, entry: TreeEntry): Json {
  const api = repoApi(state, repo);
  const self = `${api}/contents/${encodePath(path)}?ref=${encodeURIComponent(ref)}`;
  const kind = entry.type === 'tree' ? 'tree' : 'blob';
  const git = `${api}/git/${kind === 'tree' ? 'trees' : 'blobs'}/${entry.sha}`;
  const html = `${state.urls.web}/${repo.fullName}/${kind}/${ref}/${path}`;
  const size = entry.type === 'blob' ? (repo.objects.blob(entry.sha)?.length ?? 0) : 0;
  return {
    name: path.split('/').pop() ?? path,
    path,
    sha: entry.sha,
    size,
    url: self,
    html_url: html,
    git_url: git,
    download_url:
      entry.type === 'blob'
        ? `${state.urls.web}/${repo.fullName}/raw/${encodeURIComponent(ref)}/${encodePath(path)}`
        : null,
    type: entry.type === 'tree' ? 'dir' : entry.type === 'commit' ? 'submodule' : 'file',
    _links: { self, git, html },
  };
}

const MAX_INLINE_CONTENT = 1024 * 1024;

/** `content-file`: base64 wrapped at 60 columns like GitHub; files over 1 MB come back with `encoding: none`. */
export function presentFile(
  state: FakeState,
  repo: RepoState,
  path: string,
  ref: string,
  entry: TreeEntry,
): Json {
  const blob = repo.objects.blob(entry.sha) ?? Buffer.alloc(0);
  const inline = blob.length <= MAX_INLINE_CONTENT;
  const base64 = blob.toString('base64');
  return {
    ...contentCommon(state, repo, path, ref, entry),
    content: inline ? `${(base64.match(/.{1,60}/g) ?? []).join('\n')}\n` : '',
    encoding: inline ? 'base64' : 'none',
  };
}

export function presentDirectoryEntry(
  state: FakeState,
  repo: RepoState,
  path: string,
  ref: string,
  entry: TreeEntry,
): Json {
  return contentCommon(state, repo, path, ref, entry);
}

/** `file-commit`: the answer to a Contents API write. */
export function presentFileCommit(
  state: FakeState,
  repo: RepoState,
  path: string,
  branch: string,
  entry: TreeEntry | null,
  commit: CommitObject,
): Json {
  return {
    content: entry === null ? null : contentCommon(state, repo, path, branch, entry),
    commit: presentGitCommit(state, repo, commit),
  };
}

/** `branch-with-protection`: `GET /repos/{o}/{r}/branches/{branch}` (the fake has no branch protection). */
export function presentBranch(state: FakeState, repo: RepoState, name: string, head: CommitObject): Json {
  const api = repoApi(state, repo);
  return {
    name,
    commit: presentCommit(state, repo, head),
    _links: {
      self: `${api}/branches/${encodeURIComponent(name)}`,
      html: `${state.urls.web}/${repo.fullName}/tree/${name}`,
    },
    protected: false,
    protection: {
      enabled: false,
      required_status_checks: { enforcement_level: 'off', contexts: [], checks: [] },
    },
    protection_url: `${api}/branches/${encodeURIComponent(name)}/protection`,
  };
}
