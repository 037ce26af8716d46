/**
 * The Git data API: refs (get, create, fast-forward-only update unless `force`, delete), blobs, trees (with
 * `base_tree`, nested paths and deletions by `sha: null`) and commits. Error messages are GitHub's
 * ("Reference already exists", "Update is not a fast forward", "Reference does not exist", …).
 */
import type { FileMode, SnapshotEntry } from '../git-objects.js';
import {
  ApiError,
  bodyOf,
  callerLogin,
  identity,
  notFound,
  param,
  repoOf,
  unprocessable,
  type Handler,
} from '../handler-kit.js';
import { presentBlobRef, presentGitCommit, presentRef, presentTree } from '../present-git.js';
import { deleteBranch, setBranch } from '../repo-writes.js';
import type { RepoState } from '../repo-state.js';

/** git check-ref-format, the parts GitHub enforces. */
function validRefName(ref: string): boolean {
  if (!ref.startsWith('refs/') || ref.split('/').length < 3) return false;
  if (ref.endsWith('/') || ref.endsWith('.lock') || ref.endsWith('.')) return false;
  return !/\.\.|[\s~^:?*[\\]|@\{|\/\/|\/\./.test(ref);
}

/** `{ref}` path parameters are `heads/x` or `tags/x`; `refs/heads/x` there does not exist on GitHub. */
function qualified(ref: string): string | undefined {
  return ref.startsWith('heads/') || ref.startsWith('tags/') ? `refs/${ref}` : undefined;
}

function requireCommit(repo: RepoState, sha: string): void {
  if (repo.objects.commit(sha) === undefined) unprocessable('Object does not exist');
}

const getRef: Handler = (context) => {
  const repo = repoOf(context);
  const ref = qualified(param(context, 'ref'));
  const sha = ref === undefined ? undefined : repo.refs.get(ref);
  if (ref === undefined || sha === undefined) notFound();
  return { status: 200, body: presentRef(context.state, repo, ref, sha) };
};

const createRef: Handler = (context) => {
  const repo = repoOf(context);
  const { ref, sha } = bodyOf<{ ref: string; sha: string }>(context);
  if (!validRefName(ref)) unprocessable(`${ref} is not a valid ref name.`);
  if (repo.refs.has(ref)) unprocessable('Reference already exists');
  requireCommit(repo, sha);
  if (ref.startsWith('refs/heads/'))
    setBranch(context.state, repo, ref.slice(11), sha, callerLogin(context.caller));
  else repo.refs.set(ref, sha);
  const body = presentRef(context.state, repo, ref, sha);
  return { status: 201, body, headers: { location: String(body['url']) } };
};

const updateRef: Handler = (context) => {
  const repo = repoOf(context);
  const ref = qualified(param(context, 'ref'));
  const { sha, force } = bodyOf<{ sha: string; force?: boolean }>(context);
  const current = ref === undefined ? undefined : repo.refs.get(ref);
  if (ref === undefined || current === undefined) unprocessable('Reference does not exist');
  requireCommit(repo, sha);
  if (force !== true && current !== sha && !repo.objects.isAncestor(current, sha)) {
    unprocessable('Update is not a fast forward');
  }
  if (ref.startsWith('refs/heads/'))
    setBranch(context.state, repo, ref.slice(11), sha, callerLogin(context.caller));
  else repo.refs.set(ref, sha);
  return { status: 200, body: presentRef(context.state, repo, ref, sha) };
};

const deleteRef: Handler = (context) => {
  const repo = repoOf(context);
  const ref = qualified(param(context, 'ref'));
  if (ref === undefined || !repo.refs.has(ref)) unprocessable('Reference does not exist');
  if (ref.startsWith('refs/heads/'))
    deleteBranch(context.state, repo, ref.slice(11), callerLogin(context.caller));
  else repo.refs.delete(ref);
  return { status: 204 };
};

const createBlob: Handler = (context) => {
  const repo = repoOf(context);
  const { content, encoding = 'utf-8' } = bodyOf<{ content: string; encoding?: string }>(context);
  if (encoding !== 'utf-8' && encoding !== 'base64') unprocessable(`encoding must be "utf-8" or "base64"`);
  const sha = repo.objects.putBlob(Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8'));
  const body = presentBlobRef(context.state, repo, sha);
  return { status: 201, body, headers: { location: String(body['url']) } };
};

interface TreeInput {
  path?: string;
  mode?: FileMode;
  type?: 'blob' | 'tree' | 'commit';
  sha?: string | null;
  content?: string;
}

const createTree: Handler = (context) => {
  const repo = repoOf(context);
  const { tree, base_tree: baseTree } = bodyOf<{ tree: TreeInput[]; base_tree?: string }>(context);
  let files = new Map<string, SnapshotEntry>();
  if (baseTree !== undefined) {
    if (repo.objects.tree(baseTree) === undefined)
      unprocessable('Invalid tree info: base_tree does not exist');
    files = repo.objects.readSnapshot(baseTree);
  }
  for (const item of tree) {
    const { path, mode, type } = item;
    if (path === undefined || mode === undefined || type === undefined) unprocessable('Invalid tree info');
    if (item.sha !== undefined && item.content !== undefined) {
      unprocessable(
        'Must supply either tree.sha or tree.content. Request will be rejected if both are present.',
      );
    }
    const under = `${path}/`;
    if (item.sha === null) {
      for (const existing of [...files.keys()])
        if (existing === path || existing.startsWith(under)) files.delete(existing);
      continue;
    }
    if (item.content !== undefined) {
      files.set(path, { sha: repo.objects.putBlob(Buffer.from(item.content, 'utf8')), mode });
    } else if (type === 'tree') {
      if (item.sha === undefined || repo.objects.tree(item.sha) === undefined)
        unprocessable(`tree.sha ${item.sha} is not a valid tree`);
      for (const [sub, entry] of repo.objects.readSnapshot(item.sha)) files.set(`${under}${sub}`, entry);
    } else if (type === 'blob') {
      if (item.sha === undefined || repo.objects.blob(item.sha) === undefined)
        unprocessable(`tree.sha ${item.sha} is not a valid blob`);
      files.set(path, { sha: item.sha, mode });
    } else {
      if (item.sha === undefined) unprocessable('Invalid tree info');
      files.set(path, { sha: item.sha, mode: '160000' });
    }
  }
  const sha = repo.objects.writeSnapshot(files);
  const body = presentTree(context.state, repo, sha, repo.objects.tree(sha) ?? []);
  return { status: 201, body, headers: { location: String(body['url']) } };
};

interface CommitInput {
  message: string;
  tree: string;
  parents?: string[];
  author?: { name: string; email: string; date?: string };
  committer?: { name: string; email: string; date?: string };
}

const createCommit: Handler = (context) => {
  const repo = repoOf(context);
  const input = bodyOf<CommitInput>(context);
  if (repo.objects.tree(input.tree) === undefined) unprocessable('Tree SHA does not exist');
  for (const parent of input.parents ?? []) {
    if (repo.objects.commit(parent) === undefined)
      unprocessable('Parent SHA does not exist or is not a commit object');
  }
  const author = identity(context.state, context.caller, input.author);
  const committer =
    input.committer === undefined ? author : identity(context.state, context.caller, input.committer);
  const commit = repo.objects.putCommit({
    tree: input.tree,
    parents: input.parents ?? [],
    message: input.message,
    author,
    committer,
  });
  const body = presentGitCommit(context.state, repo, commit);
  return { status: 201, body, headers: { location: String(body['url']) } };
};

const getCommit: Handler = (context) => {
  const repo = repoOf(context);
  const commit = repo.objects.commit(param(context, 'commit_sha'));
  if (commit === undefined) throw new ApiError(404, 'Not Found');
  return { status: 200, body: presentGitCommit(context.state, repo, commit) };
};

export const gitHandlers: Record<string, Handler> = {
  'git/get-ref': getRef,
  'git/create-ref': createRef,
  'git/update-ref': updateRef,
  'git/delete-ref': deleteRef,
  'git/create-blob': createBlob,
  'git/create-tree': createTree,
  'git/create-commit': createCommit,
  'git/get-commit': getCommit,
};
