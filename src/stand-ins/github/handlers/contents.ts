/**
 * The Contents API: read a file or directory at a ref, and create or update one file with blob-SHA optimistic
 * concurrency. GitHub's answers, kept exactly: an update without `sha` is 422 `"sha" wasn't supplied`, a stale
 * `sha` is 409 `<path> does not match <sha>`, creation is 201 and update 200.
 */
import {
  ApiError,
  bodyOf,
  callerLogin,
  identity,
  notFound,
  optionalParam,
  param,
  repoOf,
  unprocessable,
  type Handler,
} from '../handler-kit.js';
import { presentDirectoryEntry, presentFile, presentFileCommit } from '../present-git.js';
import { commitToBranch } from '../repo-writes.js';

interface PutBody {
  message: string;
  content: string;
  sha?: string;
  branch?: string;
  committer?: { name: string; email: string; date?: string };
  author?: { name: string; email: string; date?: string };
}

const getContent: Handler = (context) => {
  const repo = repoOf(context);
  const ref = optionalParam(context, 'ref') ?? repo.defaultBranch;
  const path = param(context, 'path').replace(/^\/+|\/+$/g, '');
  const commitSha = repo.resolveCommitish(ref);
  if (commitSha === undefined) throw new ApiError(404, `No commit found for the ref ${ref}`);
  const commit = repo.objects.commit(commitSha);
  const entry = commit === undefined ? undefined : repo.objects.lookup(commit.tree, path);
  if (entry === undefined) notFound();
  const state = context.state;
  if (entry.type === 'tree') {
    const children = repo.objects.tree(entry.sha) ?? [];
    return {
      status: 200,
      body: children.map((child) => presentDirectoryEntry(state, repo, `${path}/${child.name}`, ref, child)),
    };
  }
  return { status: 200, body: presentFile(state, repo, path, ref, entry) };
};

const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*$/;

const putContent: Handler = (context) => {
  const repo = repoOf(context);
  const body = bodyOf<PutBody>(context);
  const path = param(context, 'path').replace(/^\/+|\/+$/g, '');
  const branch = body.branch ?? repo.defaultBranch;
  const tip = repo.branch(branch);
  if (tip === undefined) throw new ApiError(404, `Branch ${branch} not found`);
  if (!BASE64.test(body.content)) unprocessable('content is not valid Base64');
  const existing = repo.readFile(tip, path);
  if (existing !== undefined && body.sha === undefined)
    unprocessable('Invalid request.\n\n"sha" wasn\'t supplied.');
  if (body.sha !== undefined && existing?.sha !== body.sha) {
    throw new ApiError(409, `${path} does not match ${body.sha}`);
  }
  const author = identity(context.state, context.caller, body.author ?? body.committer);
  const commit = commitToBranch(
    context.state,
    repo,
    branch,
    new Map([[path, Buffer.from(body.content, 'base64')]]),
    body.message,
    author,
    callerLogin(context.caller),
  );
  const entry = repo.objects.lookup(commit.tree, path) ?? null;
  return {
    status: existing === undefined ? 201 : 200,
    body: presentFileCommit(context.state, repo, path, branch, entry, commit),
  };
};

export const contentHandlers: Record<string, Handler> = {
  'repos/get-content': getContent,
  'repos/create-or-update-file-contents': putContent,
};
