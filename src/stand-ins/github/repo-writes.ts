/**
 * State changes that more than one entry point makes (HTTP handlers and test helpers): moving a branch, committing
 * files to a branch, merging, closing and reopening pull requests, creating and advancing workflow runs. Each one
 * keeps the derived state consistent (pull request timestamps, frozen SHAs) and emits the event GitHub would send
 * a webhook for.
 */
import type { FakeState } from './fake-state.js';
import type { CommitObject, GitPerson, Sha } from './git-objects.js';
import { mergeContent } from './merge.js';
import type { PullRecord, RepoState, RunConclusion, RunRecord, RunStatus } from './repo-state.js';

/** Points a branch at `sha` (a push); open pull requests with that head get a `synchronize`. */
export function setBranch(state: FakeState, repo: RepoState, branch: string, sha: Sha, actor: string): void {
  const before = repo.branch(branch);
  repo.refs.set(`refs/heads/${branch}`, sha);
  if (before === sha) return;
  repo.pushedAt = state.nowIso();
  state.emit({ kind: 'push', repo: repo.fullName, branch, before, after: sha, sender: actor });
  for (const pull of repo.pulls.values()) {
    if (pull.state !== 'open') continue;
    if (pull.headRef === branch || pull.baseRef === branch) pull.updatedAt = state.nowIso();
    if (pull.headRef === branch && before !== undefined) {
      state.emit({
        kind: 'pull_request',
        action: 'synchronize',
        repo: repo.fullName,
        number: pull.number,
        sender: actor,
        before,
      });
    }
  }
}

/** Deletes a branch; open pull requests from it are closed, as GitHub does. */
export function deleteBranch(state: FakeState, repo: RepoState, branch: string, actor: string): void {
  // Close first, so the pull requests freeze the head SHA the branch had.
  for (const pull of repo.pulls.values()) {
    if (pull.state === 'open' && pull.headRef === branch) closePull(state, repo, pull, actor);
  }
  const before = repo.branch(branch);
  repo.refs.delete(`refs/heads/${branch}`);
  if (before !== undefined)
    state.emit({ kind: 'push', repo: repo.fullName, branch, before, after: undefined, sender: actor });
}

/** Commits file changes (null deletes) on top of a branch and moves the branch (creating it if needed). */
export function commitToBranch(
  state: FakeState,
  repo: RepoState,
  branch: string,
  changes: ReadonlyMap<string, Buffer | null>,
  message: string,
  author: GitPerson,
  actor: string,
): CommitObject {
  const commit = repo.commitChanges(repo.branch(branch), changes, message, author);
  setBranch(state, repo, branch, commit.sha, actor);
  return commit;
}

/** Merges like the web UI's merge button: a merge commit (or a squash) on base, head frozen, state closed. */
export function mergePull(
  state: FakeState,
  repo: RepoState,
  pull: PullRecord,
  options: { mergedBy: string; method: 'merge' | 'squash' },
): Sha {
  if (pull.state !== 'open') throw new Error(`pull request #${pull.number} is ${pull.state}, cannot merge`);
  const headSha = repo.pullHeadSha(pull);
  const baseSha = repo.pullBaseSha(pull);
  const outcome = mergeContent(repo, baseSha, headSha);
  if (!outcome.clean) {
    throw new Error(`pull request #${pull.number} has conflicts in ${outcome.conflicts.join(', ')}`);
  }
  const person = state.person(options.mergedBy);
  const message =
    options.method === 'squash'
      ? `${pull.title} (#${pull.number})`
      : `Merge pull request #${pull.number} from ${repo.owner.login}/${pull.headRef}\n\n${pull.title}`;
  const parents = options.method === 'squash' ? [baseSha] : [baseSha, headSha];
  const commit = repo.commitSnapshot(parents, outcome.files, message, person, {
    name: 'GitHub',
    email: 'noreply@github.com',
    date: person.date,
  });
  pull.frozenHeadSha = headSha;
  pull.frozenBaseSha = baseSha;
  setBranch(state, repo, pull.baseRef, commit.sha, options.mergedBy);
  const now = state.nowIso();
  Object.assign(pull, {
    state: 'closed',
    mergedAt: now,
    closedAt: now,
    updatedAt: now,
    mergedBy: options.mergedBy,
    mergeCommitSha: commit.sha,
  } satisfies Partial<PullRecord>);
  state.emit({
    kind: 'pull_request',
    action: 'closed',
    repo: repo.fullName,
    number: pull.number,
    sender: options.mergedBy,
  });
  return commit.sha;
}

export function closePull(state: FakeState, repo: RepoState, pull: PullRecord, actor: string): void {
  if (pull.state === 'closed') return;
  pull.frozenHeadSha = repo.pullHeadSha(pull);
  pull.frozenBaseSha = repo.pullBaseSha(pull);
  const now = state.nowIso();
  Object.assign(pull, { state: 'closed', closedAt: now, updatedAt: now } satisfies Partial<PullRecord>);
  state.emit({
    kind: 'pull_request',
    action: 'closed',
    repo: repo.fullName,
    number: pull.number,
    sender: actor,
  });
}

/** Reopens a closed, unmerged pull request whose head branch still exists (GitHub refuses otherwise). */
export function reopenPull(
  state: FakeState,
  repo: RepoState,
  pull: PullRecord,
  actor: string,
): string | undefined {
  if (pull.state === 'open') return undefined;
  if (pull.mergedAt !== null) return 'Cannot reopen a merged pull request';
  if (repo.branch(pull.headRef) === undefined) return 'The head branch of this pull request has been deleted';
  if (repo.openPullFor(pull.headRef, pull.baseRef) !== undefined) {
    return `A pull request already exists for ${repo.owner.login}:${pull.headRef}.`;
  }
  const now = state.nowIso();
  Object.assign(pull, {
    state: 'open',
    closedAt: null,
    updatedAt: now,
    frozenHeadSha: undefined,
    frozenBaseSha: undefined,
  } satisfies Partial<PullRecord>);
  state.emit({
    kind: 'pull_request',
    action: 'reopened',
    repo: repo.fullName,
    number: pull.number,
    sender: actor,
  });
  return undefined;
}

export interface NewRun {
  /** The workflow's name (what `workflow_run.name` shows), e.g. "Deploy Falco rules". */
  readonly name: string;
  /** Defaults to `.github/workflows/<name as kebab-case>.yml`. */
  readonly path?: string;
  readonly headBranch?: string;
  readonly headSha?: Sha;
  readonly event?: string;
  readonly status?: RunStatus;
  readonly conclusion?: RunConclusion | null;
  readonly actor?: string;
  readonly displayTitle?: string;
}

export function createRun(state: FakeState, repo: RepoState, input: NewRun): RunRecord {
  const path = input.path ?? `.github/workflows/${input.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.yml`;
  let workflow = repo.workflows.get(path);
  if (workflow === undefined) {
    workflow = { id: state.nextId(), name: input.name, path, nextRunNumber: 1 };
    repo.workflows.set(path, workflow);
  }
  const headBranch = input.headBranch ?? repo.defaultBranch;
  const headSha = input.headSha ?? repo.branch(headBranch);
  if (headSha === undefined)
    throw new Error(`createWorkflowRun: ${repo.fullName} has no branch ${headBranch}`);
  const status = input.status ?? 'queued';
  const now = state.nowIso();
  const run: RunRecord = {
    id: state.nextId(),
    workflowId: workflow.id,
    runNumber: workflow.nextRunNumber++,
    runAttempt: 1,
    name: input.name,
    path,
    displayTitle: input.displayTitle ?? repo.objects.commit(headSha)?.message.split('\n')[0] ?? input.name,
    event: input.event ?? 'push',
    headBranch,
    headSha,
    actor: input.actor ?? repo.owner.login,
    status,
    conclusion: status === 'completed' ? (input.conclusion ?? 'success') : null,
    createdAt: now,
    updatedAt: now,
    runStartedAt: now,
  };
  repo.runs.set(run.id, run);
  state.emit({
    kind: 'workflow_run',
    action: 'requested',
    repo: repo.fullName,
    runId: run.id,
    sender: run.actor,
  });
  if (status === 'in_progress' || status === 'completed') emitRunStatus(state, repo, run);
  return run;
}

export function updateRun(
  state: FakeState,
  repo: RepoState,
  run: RunRecord,
  update: { status: RunStatus; conclusion?: RunConclusion | null },
): void {
  run.status = update.status;
  run.conclusion = update.status === 'completed' ? (update.conclusion ?? 'success') : null;
  run.updatedAt = state.nowIso();
  emitRunStatus(state, repo, run);
}

function emitRunStatus(state: FakeState, repo: RepoState, run: RunRecord): void {
  const action =
    run.status === 'completed' ? 'completed' : run.status === 'in_progress' ? 'in_progress' : undefined;
  if (action === undefined) return;
  state.emit({ kind: 'workflow_run', action, repo: repo.fullName, runId: run.id, sender: run.actor });
}
