/**
 * Opening the exception pull request, idempotently: create it, or find the open one of the branch when GitHub says
 * it already exists, then (both ways) add the labels and request the reviewers. A retried job therefore converges on
 * one pull request with its labels and reviewers, whatever step failed before.
 *
 * Labels and reviewers are extras: when GitHub refuses one (a reviewer who is not a collaborator, the author, a
 * missing permission) the pull request still stands and the refusal comes back as a warning to show the people.
 * Only an outage fails the call, because the whole call is safe to repeat.
 */
import { err, ok, type Result } from '../result.js';
import type { PullRequestRef, RepoResult } from '../triage/ports/index.js';
import type { GitHubOctokit } from './octokit.js';
import { gitHubMessage, isRequestError, toRepoError } from './repo-errors.js';

export interface OpenPullRequestArgs {
  readonly branch: string;
  readonly title: string;
  readonly body: string;
  readonly labels: readonly string[];
  /** Logins, or `org/team-slug` for a team. */
  readonly reviewers: readonly string[];
}

export interface OpenedPullRequest extends PullRequestRef {
  readonly created: boolean;
  /** What GitHub refused while labelling or requesting reviews, in words for the thread (empty when all went well). */
  readonly warnings: readonly string[];
}

export interface RepoTarget {
  readonly owner: string;
  readonly repo: string;
  readonly baseBranch: string;
}

interface PullSummary {
  readonly number: number;
  readonly html_url: string;
  readonly head: { readonly ref: string };
  readonly user: { readonly login: string } | null;
}

/** An octokit call that threw (with what it threw) or answered. */
type Step<T> = Result<T, unknown>;

async function step<T>(run: () => Promise<T>): Promise<Step<T>> {
  try {
    return ok(await run());
  } catch (error) {
    return err(error);
  }
}

function alreadyExists(error: unknown): boolean {
  return (
    isRequestError(error) && error.status === 422 && /pull request already exists/i.test(gitHubMessage(error))
  );
}

export async function openPullRequest(
  octokit: GitHubOctokit,
  target: RepoTarget,
  args: OpenPullRequestArgs,
): Promise<RepoResult<OpenedPullRequest>> {
  const { owner, repo, baseBranch } = target;
  const attempt = `open a pull request from ${args.branch} into ${baseBranch}`;
  let pull: PullSummary;
  let created = true;
  const made = await step(() =>
    octokit.rest.pulls.create({
      owner,
      repo,
      head: args.branch,
      base: baseBranch,
      title: args.title,
      body: args.body,
    }),
  );
  if (made.ok) {
    pull = made.value.data;
  } else if (alreadyExists(made.error)) {
    created = false;
    const listed = await step(() =>
      octokit.rest.pulls.list({
        owner,
        repo,
        head: `${owner}:${args.branch}`,
        base: baseBranch,
        state: 'open',
      }),
    );
    if (!listed.ok) return err(toRepoError(listed.error, `find the open pull request of ${args.branch}`));
    const existing = listed.value.data[0];
    if (existing === undefined) {
      return err({
        kind: 'conflict',
        message: `the pull request of ${args.branch} was closed while it was being reused`,
      });
    }
    pull = existing;
  } else {
    return err(toRepoError(made.error, attempt));
  }

  const warnings: string[] = [];
  const labelled = await addLabels(octokit, target, pull.number, args.labels, warnings);
  if (!labelled.ok) return labelled;
  const reviewed = await requestReviewers(octokit, target, pull, args.reviewers, warnings);
  if (!reviewed.ok) return reviewed;
  return ok({ number: pull.number, url: pull.html_url, branch: pull.head.ref, created, warnings });
}

async function addLabels(
  octokit: GitHubOctokit,
  { owner, repo }: RepoTarget,
  number: number,
  labels: readonly string[],
  warnings: string[],
): Promise<RepoResult<void>> {
  if (labels.length === 0) return ok(undefined);
  const added = await step(() =>
    octokit.rest.issues.addLabels({ owner, repo, issue_number: number, labels: [...labels] }),
  );
  if (added.ok) return ok(undefined);
  const error = toRepoError(added.error, `label pull request #${number} with ${labels.join(', ')}`);
  if (error.kind === 'unavailable') return err(error);
  warnings.push(error.message);
  return ok(undefined);
}

async function requestReviewers(
  octokit: GitHubOctokit,
  { owner, repo }: RepoTarget,
  pull: PullSummary,
  reviewers: readonly string[],
  warnings: string[],
): Promise<RepoResult<void>> {
  const author = pull.user?.login.toLowerCase();
  const wanted = reviewers.filter((reviewer) => {
    if (reviewer.toLowerCase() !== author) return true;
    warnings.push(`cannot request a review from ${reviewer}: they opened the pull request`);
    return false;
  });
  if (wanted.length === 0) return ok(undefined);
  const request = (some: readonly string[]) => {
    const teams = some.filter((r) => r.includes('/')).map((r) => r.slice(r.indexOf('/') + 1));
    const users = some.filter((r) => !r.includes('/'));
    return step(() =>
      octokit.rest.pulls.requestReviewers({
        owner,
        repo,
        pull_number: pull.number,
        ...(users.length > 0 ? { reviewers: users } : {}),
        ...(teams.length > 0 ? { team_reviewers: teams } : {}),
      }),
    );
  };
  const attempt = (some: readonly string[]) => `request a review from ${some.join(', ')} on #${pull.number}`;
  const all = await request(wanted);
  if (all.ok) return ok(undefined);
  const error = toRepoError(all.error, attempt(wanted));
  if (error.kind === 'unavailable') return err(error);
  if (wanted.length === 1) {
    warnings.push(error.message);
    return ok(undefined);
  }
  // GitHub refuses the whole list for one bad name: ask for each, so the valid reviewers are still requested.
  for (const reviewer of wanted) {
    const one = await request([reviewer]);
    if (one.ok) continue;
    const oneError = toRepoError(one.error, attempt([reviewer]));
    if (oneError.kind === 'unavailable') return err(oneError);
    warnings.push(oneError.message);
  }
  return ok(undefined);
}
