/**
 * Pull requests: list (state/head/base filters, sorting, pagination), create (GitHub's 422s: invalid head or
 * base, "A pull request already exists for owner:branch.", "No commits between base and head"), get, update
 * (title, body, base, close/reopen), changed files and reviewer requests.
 */
import {
  ApiError,
  bodyOf,
  callerLogin,
  notFound,
  numberParam,
  optionalParam,
  paginate,
  repoOf,
  validationFailed,
  type Handler,
  type HandlerContext,
} from '../handler-kit.js';
import { changedFiles } from '../merge.js';
import { presentFileChange, presentPull, presentPullSimple } from '../present-pull.js';
import { closePull, reopenPull } from '../repo-writes.js';
import type { PullRecord, RepoState } from '../repo-state.js';

function pullOf(context: HandlerContext, repo: RepoState): PullRecord {
  const pull = repo.pulls.get(numberParam(context, 'pull_number'));
  if (pull === undefined) notFound();
  return pull;
}

const listPulls: Handler = (context) => {
  const repo = repoOf(context);
  const state = optionalParam(context, 'state') ?? 'open';
  const head = optionalParam(context, 'head');
  const base = optionalParam(context, 'base');
  const sort = optionalParam(context, 'sort') ?? 'created';
  const direction = optionalParam(context, 'direction') ?? (sort === 'created' ? 'desc' : 'asc');
  let headOwner: string | undefined;
  let headRef: string | undefined;
  if (head !== undefined) {
    const colon = head.indexOf(':');
    if (colon < 0) {
      context.misuse(
        `pulls/list head=${head}: GitHub expects "owner:branch" and filters by owner only otherwise`,
      );
      headOwner = head;
    } else {
      headOwner = head.slice(0, colon);
      headRef = head.slice(colon + 1);
    }
  }
  const pulls = [...repo.pulls.values()]
    .filter((pull) => state === 'all' || pull.state === state)
    .filter(() => headOwner === undefined || headOwner.toLowerCase() === repo.owner.login.toLowerCase())
    .filter((pull) => headRef === undefined || pull.headRef === headRef)
    .filter((pull) => base === undefined || pull.baseRef === base)
    .sort((a, b) => {
      const key = sort === 'updated' ? 'updatedAt' : 'createdAt';
      const order = a[key].localeCompare(b[key]) || a.number - b.number;
      return direction === 'asc' ? order : -order;
    });
  return paginate(context, pulls, (pull) => presentPullSimple(context.state, repo, pull));
};

interface CreateBody {
  title?: string;
  head: string;
  head_repo?: string;
  base: string;
  body?: string;
  maintainer_can_modify?: boolean;
  draft?: boolean;
  issue?: number;
}

const createPull: Handler = (context) => {
  const repo = repoOf(context);
  const input = bodyOf<CreateBody>(context);
  if (input.issue !== undefined) throw new ApiError(422, 'The fake does not convert issues to pull requests');
  if (input.title === undefined)
    validationFailed({ resource: 'PullRequest', field: 'title', code: 'missing_field' });
  const colon = input.head.indexOf(':');
  const headOwner = colon < 0 ? repo.owner.login : input.head.slice(0, colon);
  const headRef = colon < 0 ? input.head : input.head.slice(colon + 1);
  const headSha =
    headOwner.toLowerCase() === repo.owner.login.toLowerCase() ? repo.branch(headRef) : undefined;
  if (headSha === undefined) validationFailed({ resource: 'PullRequest', field: 'head', code: 'invalid' });
  const baseSha = repo.branch(input.base);
  if (baseSha === undefined) validationFailed({ resource: 'PullRequest', field: 'base', code: 'invalid' });
  if (repo.openPullFor(headRef, input.base) !== undefined) {
    validationFailed({
      resource: 'PullRequest',
      code: 'custom',
      message: `A pull request already exists for ${repo.owner.login}:${headRef}.`,
    });
  }
  if (headSha === baseSha || repo.objects.isAncestor(headSha, baseSha)) {
    validationFailed({
      resource: 'PullRequest',
      code: 'custom',
      message: `No commits between ${input.base} and ${headRef}`,
    });
  }
  const now = context.state.nowIso();
  const pull: PullRecord = {
    id: context.state.nextId(),
    number: repo.takeNumber(),
    title: input.title,
    body: input.body ?? null,
    state: 'open',
    draft: input.draft ?? false,
    user: callerLogin(context.caller),
    headRef,
    baseRef: input.base,
    frozenHeadSha: undefined,
    frozenBaseSha: undefined,
    maintainerCanModify: input.maintainer_can_modify ?? false,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    mergedAt: null,
    mergedBy: null,
    mergeCommitSha: null,
    labels: [],
    requestedReviewers: [],
    requestedTeams: [],
  };
  repo.pulls.set(pull.number, pull);
  context.state.emit({
    kind: 'pull_request',
    action: 'opened',
    repo: repo.fullName,
    number: pull.number,
    sender: pull.user,
  });
  const body = presentPull(context.state, repo, pull);
  return { status: 201, body, headers: { location: String(body['url']) } };
};

const getPull: Handler = (context) => {
  const repo = repoOf(context);
  return { status: 200, body: presentPull(context.state, repo, pullOf(context, repo)) };
};

interface UpdateBody {
  title?: string;
  body?: string;
  state?: 'open' | 'closed';
  base?: string;
  maintainer_can_modify?: boolean;
}

const updatePull: Handler = (context) => {
  const repo = repoOf(context);
  const pull = pullOf(context, repo);
  const input = bodyOf<UpdateBody>(context);
  if (input.base !== undefined && repo.branch(input.base) === undefined) {
    validationFailed({ resource: 'PullRequest', field: 'base', code: 'invalid' });
  }
  if (input.state === 'open' && pull.state === 'closed') {
    const refused = reopenPull(context.state, repo, pull, callerLogin(context.caller));
    if (refused !== undefined)
      validationFailed({ resource: 'PullRequest', code: 'custom', message: refused });
  }
  if (input.title !== undefined) pull.title = input.title;
  if (input.body !== undefined) pull.body = input.body;
  if (input.base !== undefined) pull.baseRef = input.base;
  if (input.maintainer_can_modify !== undefined) pull.maintainerCanModify = input.maintainer_can_modify;
  pull.updatedAt = context.state.nowIso();
  if (input.state === 'closed') closePull(context.state, repo, pull, callerLogin(context.caller));
  return { status: 200, body: presentPull(context.state, repo, pull) };
};

const listFiles: Handler = (context) => {
  const repo = repoOf(context);
  const pull = pullOf(context, repo);
  const head = repo.pullHeadSha(pull);
  const base = repo.objects.mergeBase(repo.pullBaseSha(pull), head) ?? repo.pullBaseSha(pull);
  const files = changedFiles(repo, base, head);
  return paginate(context, files, (file) => presentFileChange(context.state, repo, head, file));
};

const requestReviewers: Handler = (context) => {
  const repo = repoOf(context);
  const pull = pullOf(context, repo);
  const { reviewers = [], team_reviewers: teams = [] } = bodyOf<{
    reviewers?: string[];
    team_reviewers?: string[];
  }>(context);
  if (reviewers.some((login) => login.toLowerCase() === pull.user.toLowerCase())) {
    throw new ApiError(422, 'Review cannot be requested from pull request author.');
  }
  const collaborators = repo.collaborators;
  if (collaborators !== undefined && reviewers.some((login) => !collaborators.has(login.toLowerCase()))) {
    throw new ApiError(
      422,
      `Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${repo.fullName} repository.`,
    );
  }
  for (const login of reviewers) {
    if (!pull.requestedReviewers.some((r) => r.toLowerCase() === login.toLowerCase()))
      pull.requestedReviewers.push(login);
  }
  for (const slug of teams) if (!pull.requestedTeams.includes(slug)) pull.requestedTeams.push(slug);
  pull.updatedAt = context.state.nowIso();
  return { status: 201, body: presentPullSimple(context.state, repo, pull) };
};

export const pullHandlers: Record<string, Handler> = {
  'pulls/list': listPulls,
  'pulls/create': createPull,
  'pulls/get': getPull,
  'pulls/update': updatePull,
  'pulls/list-files': listFiles,
  'pulls/request-reviewers': requestReviewers,
};
