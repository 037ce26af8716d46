/**
 * An in-memory RepoPort for workflow tests: files per branch with git blob shas, branches, commits with optimistic
 * concurrency (a stale sha is a `conflict`), pull requests (open, reuse, merge, close), comments and workflow runs.
 * It answers with the RepoErrors the GitHub adapter produces for the same situations;
 * test/contract/ports/repo-port.contract.ts runs the same cases against both. Failures and races are scripted per
 * call (`failNext`, `beforeNext`); merges, runs and a person's edits are the test's controls.
 *
 * @example
 *   const repo = new InMemoryRepo({ files: { 'values.yaml': seed } });
 *   repo.failNext('openPullRequest', repoErrors.unavailable());
 *   // ... run the pull request job twice ...
 *   expect(repo.pulls()).toHaveLength(1);
 */
import type {
  PullRequestRef,
  PullRequestState,
  RepoError,
  RepoFile,
  RepoPort,
  RepoResult,
  WorkflowRunState,
} from '../../src/triage/ports/index.js';
import { CallScript } from './call-script.js';
import { blobSha, History } from './in-memory-history.js';
import { newPull, pullRef, pullState, type InMemoryPull } from './in-memory-pull.js';

export { blobSha } from './in-memory-history.js';
export type { InMemoryPull } from './in-memory-pull.js';

/** The port's methods that can be scripted to fail. */
export type RepoCall = Exclude<keyof RepoPort, 'baseBranch'>;

export const repoErrors = {
  /** An outage or a rate limit (`retryAfterMs` when GitHub said how long). */
  unavailable: (retryAfterMs?: number): RepoError => ({
    kind: 'unavailable',
    message: 'GitHub answered 502',
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  }),
  forbidden: (): RepoError => ({ kind: 'forbidden', message: 'Resource not accessible by integration' }),
};

type OpenedPull = PullRequestRef & { readonly created: boolean; readonly warnings: readonly string[] };

const ok = <T>(value: T): RepoResult<T> => ({ ok: true, value });
const fail = (kind: RepoError['kind'], message: string): RepoResult<never> => ({
  ok: false,
  error: { kind, message } as RepoError,
});

export class InMemoryRepo implements RepoPort {
  readonly baseBranch: string;
  readonly repository: string;
  readonly #history: History;
  readonly #pulls: InMemoryPull[] = [];
  readonly #runs: WorkflowRunState[] = [];
  readonly #script = new CallScript<RepoCall, RepoError>();
  readonly #now: () => number;
  #numbers = 0;

  constructor(
    options: {
      readonly files?: Readonly<Record<string, string>>;
      readonly baseBranch?: string;
      readonly repository?: string;
      readonly now?: () => number;
    } = {},
  ) {
    this.baseBranch = options.baseBranch ?? 'main';
    this.repository = options.repository ?? 'acme/falco-rules';
    this.#now = options.now ?? Date.now;
    this.#history = new History(this.baseBranch, options.files ?? {});
  }

  // --- scripting -----------------------------------------------------------------------------------------------

  /** The next `times` calls of `call` (`'*'`: any) fail with `error` and change nothing. */
  failNext(call: RepoCall | '*', error: RepoError, times = 1): void {
    this.#script.fail(call, error, times);
  }

  /** Runs `action` just before the next call of `call` (a person editing the rules while the bot works). */
  beforeNext(call: RepoCall, action: () => void): void {
    this.#script.before(call, action);
  }

  // --- what a person or GitHub does ------------------------------------------------------------------------------

  /** Commits `content` to `path` on `branch` as `author`; returns the commit sha. */
  setFile(branch: string, path: string, content: string, author = 'octocat'): string {
    return this.#history.commitTo(branch, new Map([[path, content]]), `Edit ${path}`, author).sha;
  }

  /** Merges an open pull request into the base branch; returns the merge commit sha. */
  mergePull(number: number, options: { readonly mergedBy?: string } = {}): string {
    const pull = this.pull(number);
    if (pull.state !== 'open') throw new Error(`pull request #${number} is not open`);
    const by = options.mergedBy ?? 'octocat';
    pull.headSha = this.#history.branch(pull.branch) ?? pull.headSha;
    const merge = this.#history.merge(this.baseBranch, pull.branch, `Merge #${number}`, by);
    Object.assign(pull, { state: 'closed', mergeCommitSha: merge.sha, mergedBy: by });
    pull.mergedAt = pull.updatedAt = this.#iso();
    return merge.sha;
  }

  closePull(number: number): void {
    const pull = this.pull(number);
    pull.headSha = this.#history.branch(pull.branch) ?? pull.headSha;
    pull.state = 'closed';
    pull.updatedAt = this.#iso();
  }

  /** A run of a workflow (default: on the base branch's head, completed successfully). */
  createWorkflowRun(run: Partial<Omit<WorkflowRunState, 'id' | 'number' | 'url'>>): WorkflowRunState {
    const id = this.#runs.length + 1;
    const created: WorkflowRunState = {
      id,
      number: id,
      name: run.name ?? 'Falco rules',
      event: run.event ?? 'push',
      headBranch: run.headBranch === undefined ? this.baseBranch : run.headBranch,
      headSha: run.headSha ?? this.#history.branch(this.baseBranch) ?? '',
      status: run.status ?? 'completed',
      conclusion: run.conclusion === undefined ? 'success' : run.conclusion,
      url: `https://github.com/${this.repository}/actions/runs/${id}`,
      createdAt: run.createdAt ?? this.#iso(),
    };
    this.#runs.push(created);
    return created;
  }

  // --- inspection ----------------------------------------------------------------------------------------------

  pulls(): readonly InMemoryPull[] {
    return this.#pulls;
  }

  pull(number: number): InMemoryPull {
    const found = this.#pulls.find((pull) => pull.number === number);
    if (found === undefined) throw new Error(`no pull request #${number}`);
    return found;
  }

  /** A commit's parents, message and author (what a test checks of the bot's commits). */
  commit(sha: string): { parents: readonly string[]; message: string; author: string } | undefined {
    const commit = this.#history.get(sha);
    return commit === undefined
      ? undefined
      : { parents: commit.parents, message: commit.message, author: commit.author };
  }

  /** A file's text at a branch or commit. */
  file(ref: string, path: string): string | undefined {
    return this.#history.resolve(ref)?.files.get(path);
  }

  branches(): Record<string, string> {
    return this.#history.branches();
  }

  // --- the port ------------------------------------------------------------------------------------------------

  branchHead(branch: string): Promise<RepoResult<string>> {
    return this.#answer('branchHead', () => {
      const sha = this.#history.branch(branch);
      return sha === undefined ? fail('not_found', `cannot read branch ${branch}: Not Found`) : ok(sha);
    });
  }

  readFile(path: string, ref: string): Promise<RepoResult<RepoFile | undefined>> {
    return this.#answer('readFile', () => {
      const commit = this.#history.resolve(ref);
      if (commit === undefined) return fail('not_found', `cannot read ${path} at ${ref}: No commit found`);
      const content = commit.files.get(path);
      return ok(content === undefined ? undefined : { path, content, sha: blobSha(content) });
    });
  }

  resetBranch(branch: string, commitSha: string): Promise<RepoResult<void>> {
    return this.#answer('resetBranch', () => {
      if (this.#history.get(commitSha) === undefined) {
        return fail(
          'invalid',
          `cannot point branch ${branch} at ${commitSha.slice(0, 7)}: Object does not exist`,
        );
      }
      this.#history.setBranch(branch, commitSha);
      return ok(undefined);
    });
  }

  writeFile(args: Parameters<RepoPort['writeFile']>[0]): Promise<RepoResult<{ readonly commitSha: string }>> {
    return this.#answer('writeFile', () => {
      const attempt = `cannot commit ${args.path} to ${args.branch}`;
      const tip = this.#history.resolve(args.branch);
      if (this.#history.branch(args.branch) === undefined || tip === undefined) {
        return fail('not_found', `${attempt}: Branch ${args.branch} not found`);
      }
      const current = tip.files.get(args.path);
      // GitHub's rule: the sha sent must be the file's current blob sha (none for a file that does not exist).
      if (args.expectedSha !== (current === undefined ? undefined : blobSha(current))) {
        return fail('conflict', `${attempt}: the file changed since it was read`);
      }
      const changes = new Map([[args.path, args.content]]);
      return ok({
        commitSha: this.#history.commitTo(args.branch, changes, args.message, 'falco-triage').sha,
      });
    });
  }

  createCommit(
    args: Parameters<RepoPort['createCommit']>[0],
  ): Promise<RepoResult<{ readonly commitSha: string }>> {
    return this.#answer('createCommit', () => {
      if (this.#history.get(args.parent) === undefined)
        return fail('not_found', `cannot commit ${args.path} onto ${args.parent.slice(0, 7)}: Not Found`);
      const changes = new Map([[args.path, args.content]]);
      return ok({
        commitSha: this.#history.commitOnto(args.parent, changes, args.message, 'falco-triage').sha,
      });
    });
  }

  moveBranch(branch: string, commitSha: string): Promise<RepoResult<void>> {
    return this.#answer('moveBranch', () => {
      const attempt = `cannot move branch ${branch} to ${commitSha.slice(0, 7)}`;
      if (this.#history.branch(branch) === undefined)
        return fail('not_found', `${attempt}: the branch does not exist`);
      if (this.#history.get(commitSha) === undefined)
        return fail('invalid', `${attempt}: Object does not exist`);
      this.#history.setBranch(branch, commitSha);
      return ok(undefined);
    });
  }

  openPullRequest(args: Parameters<RepoPort['openPullRequest']>[0]): Promise<RepoResult<OpenedPull>> {
    return this.#answer<OpenedPull>('openPullRequest', () => {
      const head = this.#history.branch(args.branch);
      const base = this.#history.branch(this.baseBranch) ?? '';
      const attempt = `cannot open a pull request from ${args.branch} into ${this.baseBranch}`;
      if (head === undefined) return fail('invalid', `${attempt}: Validation Failed: head invalid`);
      const existing = this.#pulls.find((pull) => pull.branch === args.branch && pull.state === 'open');
      if (existing !== undefined) return ok({ ...this.#ref(existing), created: false, warnings: [] });
      if (this.#history.isAncestor(head, base)) {
        return fail('invalid', `${attempt}: No commits between ${this.baseBranch} and ${args.branch}`);
      }
      this.#numbers += 1;
      const pull = newPull(this.#numbers, args, head, this.#iso());
      this.#pulls.push(pull);
      return ok({ ...this.#ref(pull), created: true, warnings: [] });
    });
  }

  getPullRequest(number: number): Promise<RepoResult<PullRequestState>> {
    return this.#answer('getPullRequest', () => {
      const pull = this.#pulls.find((candidate) => candidate.number === number);
      return pull === undefined
        ? fail('not_found', `cannot read pull request #${number}: Not Found`)
        : ok(this.#state(pull));
    });
  }

  updatePullRequestBody(number: number, body: string): Promise<RepoResult<void>> {
    return this.#answer('updatePullRequestBody', () => {
      const pull = this.#pulls.find((candidate) => candidate.number === number);
      if (pull === undefined) return fail('not_found', `cannot update pull request #${number}: Not Found`);
      pull.body = body;
      pull.updatedAt = this.#iso();
      return ok(undefined);
    });
  }

  listOpenPullRequests(branchPrefix: string): Promise<RepoResult<PullRequestState[]>> {
    return this.#answer('listOpenPullRequests', () =>
      ok(
        this.#pulls
          .filter((pull) => pull.state === 'open' && pull.branch.startsWith(branchPrefix))
          .map((pull) => this.#state(pull)),
      ),
    );
  }

  listWorkflowRuns(
    args: Parameters<RepoPort['listWorkflowRuns']>[0],
  ): Promise<RepoResult<WorkflowRunState[]>> {
    return this.#answer('listWorkflowRuns', () =>
      ok(
        this.#runs
          .filter(
            (run) =>
              run.name === args.workflowName &&
              (args.headSha === undefined || run.headSha === args.headSha) &&
              (args.branch === undefined || run.headBranch === args.branch),
          )
          .reverse(),
      ),
    );
  }

  comment(number: number, body: string): Promise<RepoResult<void>> {
    return this.#answer('comment', () => {
      const pull = this.#pulls.find((candidate) => candidate.number === number);
      if (pull === undefined) return fail('not_found', `cannot comment on #${number}: Not Found`);
      pull.comments.push(body);
      return ok(undefined);
    });
  }

  // --- internals -----------------------------------------------------------------------------------------------

  /** Runs the scripted actions for this call, then answers (asynchronously, as a network call does). */
  async #answer<T>(call: RepoCall, work: () => RepoResult<T>): Promise<RepoResult<T>> {
    await Promise.resolve();
    const error = this.#script.take(call);
    return error === undefined ? work() : { ok: false, error };
  }

  #ref(pull: InMemoryPull): PullRequestRef {
    return pullRef(pull, this.repository);
  }

  #state(pull: InMemoryPull): PullRequestState {
    return pullState(pull, this.repository, this.#history.branch(pull.branch));
  }

  #iso(): string {
    return new Date(this.#now()).toISOString();
  }
}
