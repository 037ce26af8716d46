/**
 * A stateful stand-in for GitHub's REST API, for end-to-end tests and the sandbox: the bot reaches it through
 * GITHUB_API_URL, with a token or as a GitHub App. Given GitHub's descriptions (`schemas`, as the tests give them),
 * every request is validated against them; a violation answers 422 like GitHub and fails the test at
 * `assertNoViolations()` or `close()`.
 *
 * @example
 *   const fake = await FakeGitHub.start({ schemas });
 *   fake.addToken('ghp_test', { login: 'falco-triage-bot' });
 *   fake.createRepo('acme', 'falco-rules', { files: { 'falco/values.yaml': seed } });
 *   // … run the bot with GITHUB_API_URL=fake.url, GITHUB_TOKEN=ghp_test …
 *   const [pull] = fake.pulls('acme/falco-rules');
 *   expect(fake.file('acme/falco-rules', pull.head.ref, 'falco/values.yaml')).toContain('titanagent');
 *   fake.mergePull('acme/falco-rules', pull.number, { mergedBy: 'alice' });
 *   await fake.close(); // throws if the bot ever sent an invalid request
 */
import type { AppSpec } from './auth.js';
import { FakeState, type StateEvent } from './fake-state.js';
import { FaultPlan, matches, type RequestMatcher } from './faults.js';
import { handlers } from './handlers/index.js';
import { mergeContent } from './merge.js';
import { RepoState } from './repo-state.js';
import * as writes from './repo-writes.js';
import type { SchemaValidation } from './schema-validation.js';
import type { GitHubSchemas } from './schemas.js';
import { FakeServer, formatViolations, type RecordedRequest, type Violation } from './server.js';
import { snapshotPull, snapshotRun, type PullSnapshot, type RunSnapshot } from './snapshots.js';
import { WakeSignal } from './wake-signal.js';
import { WebhookDelivery, type DeliveryRecord, type WebhookTarget } from './webhook-delivery.js';

export type { PullSnapshot, RunSnapshot, RecordedRequest, Violation, DeliveryRecord, WebhookTarget };

export interface FakeGitHubOptions {
  /** GitHub's descriptions to check requests and built webhook payloads against. Default: no checks. */
  readonly schemas?: GitHubSchemas;
  /** With `schemas`: check every 2xx answer against the description too (debug mode). Default false. */
  readonly validateResponses?: boolean;
  /** Host of html_url links. Default https://github.com. */
  readonly webUrl?: string;
  /** Clock in epoch ms (JWT and token expiry, timestamps). Default Date.now. */
  readonly now?: () => number;
}

export interface CreateRepoOptions {
  readonly defaultBranch?: string;
  /** Path → content of the initial commit. */
  readonly files?: Readonly<Record<string, string | Buffer>>;
  readonly private?: boolean;
  /** Who may be requested as reviewer (GitHub: collaborators only). Default: anyone. */
  readonly collaborators?: readonly string[];
  readonly ownerType?: 'Organization' | 'User';
}

export class FakeGitHub {
  /** The fake's state; for webhooks.ts and tests that need to look deeper than the helpers. */
  readonly state: FakeState;
  /** The checks against GitHub's descriptions, when it was given them. */
  readonly validation: SchemaValidation | undefined;
  readonly faults = new FaultPlan();
  private readonly server: FakeServer;
  private readonly delivery: WebhookDelivery;
  private readonly wake = new WakeSignal();

  private constructor(options: FakeGitHubOptions, validation: SchemaValidation | undefined) {
    this.state = new FakeState(
      { api: '', web: options.webUrl ?? 'https://github.com' },
      options.now ?? Date.now,
    );
    this.validation = validation;
    this.server = new FakeServer(this.state, this.faults, handlers, {
      validation,
      validateResponses: options.validateResponses ?? false,
      onSettled: () => this.wake.notify(),
    });
    this.delivery = new WebhookDelivery(this, () => this.wake.notify());
    this.state.onEvent((event: StateEvent) => this.delivery.onEvent(event));
  }

  static async start(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
    // Ajv and the validators load only when there is something to check against.
    const validation =
      options.schemas === undefined
        ? undefined
        : (await import('./schema-validation.js')).validationFor(options.schemas);
    const fake = new FakeGitHub(options, validation);
    fake.state.urls.api = await fake.server.listen();
    return fake;
  }

  /** The base URL to give the bot as GITHUB_API_URL. */
  get url(): string {
    return this.state.urls.api;
  }

  /** Stops the server; throws if any violation was not taken with `takeViolations()`. */
  async close(): Promise<void> {
    await this.delivery.settle();
    await this.server.close();
    this.assertNoViolations();
  }

  // ── auth ──────────────────────────────────────────────────────────────────────────────────────────────────

  /** Accepts `token` (as `token …` or `Bearer …`) for `login`; `repos` limits it, `readOnly` refuses writes. */
  addToken(
    token: string,
    options: { login?: string; repos?: readonly string[]; readOnly?: boolean } = {},
  ): void {
    const login = options.login ?? 'falco-triage-bot';
    this.state.user(login);
    this.state.auth.addToken(token, { ...options, login });
  }

  revokeToken(token: string): void {
    this.state.auth.revokeToken(token);
  }

  /** Registers a GitHub App (its public key verifies the RS256 JWT) and its installations. */
  registerApp(spec: AppSpec): void {
    this.state.auth.registerApp(spec);
  }

  // ── setup ─────────────────────────────────────────────────────────────────────────────────────────────────

  /** Creates `owner/name` with one initial commit holding `files`; returns the full name. */
  createRepo(owner: string, name: string, options: CreateRepoOptions = {}): string {
    const fullName = `${owner}/${name}`;
    if (this.state.repo(fullName) !== undefined) throw new Error(`${fullName} already exists`);
    const repo = new RepoState(
      this.state.nextId(),
      this.state.user(owner, options.ownerType ?? 'Organization'),
      name,
      options.defaultBranch ?? 'main',
      options.private ?? true,
      this.state.nowIso(),
      options.collaborators === undefined
        ? undefined
        : new Set(options.collaborators.map((c) => c.toLowerCase())),
    );
    this.state.repos.set(fullName.toLowerCase(), repo);
    const files = new Map(
      Object.entries(options.files ?? {}).map(([path, content]) => [path, Buffer.from(content)]),
    );
    const commit = repo.commitChanges(undefined, files, 'Initial commit', this.state.person(owner));
    repo.refs.set(`refs/heads/${repo.defaultBranch}`, commit.sha);
    return repo.fullName;
  }

  /** Commits `content` (null deletes) to an existing branch as a human would; returns the commit SHA. */
  setFile(
    repo: string,
    branch: string,
    path: string,
    content: string | Buffer | null,
    options: { message?: string; author?: string } = {},
  ): string {
    const state = this.state.requireRepo(repo);
    if (state.branch(branch) === undefined) throw new Error(`${repo} has no branch ${branch}`);
    const author = options.author ?? 'octocat';
    const change = new Map([[path, content === null ? null : Buffer.from(content)]]);
    const message = options.message ?? `${content === null ? 'Delete' : 'Update'} ${path}`;
    return writes.commitToBranch(
      this.state,
      state,
      branch,
      change,
      message,
      this.state.person(author),
      author,
    ).sha;
  }

  /** Creates `branch` at `from` (a branch or SHA; default: the default branch); returns its SHA. */
  createBranch(repo: string, branch: string, from?: string): string {
    const state = this.state.requireRepo(repo);
    const sha = state.resolveCommitish(from ?? state.defaultBranch);
    if (sha === undefined) throw new Error(`${repo}: cannot resolve ${from ?? state.defaultBranch}`);
    writes.setBranch(this.state, state, branch, sha, 'octocat');
    return sha;
  }

  deleteBranch(repo: string, branch: string): void {
    writes.deleteBranch(this.state, this.state.requireRepo(repo), branch, 'octocat');
  }

  /** Merges like the merge button (throws on conflicts); returns the merge commit SHA. */
  mergePull(
    repo: string,
    number: number,
    options: { mergedBy?: string; method?: 'merge' | 'squash' } = {},
  ): string {
    const state = this.state.requireRepo(repo);
    return writes.mergePull(this.state, state, this.requirePull(state, number), {
      mergedBy: options.mergedBy ?? 'octocat',
      method: options.method ?? 'merge',
    });
  }

  closePull(repo: string, number: number, options: { by?: string } = {}): void {
    const state = this.state.requireRepo(repo);
    writes.closePull(this.state, state, this.requirePull(state, number), options.by ?? 'octocat');
  }

  reopenPull(repo: string, number: number, options: { by?: string } = {}): void {
    const state = this.state.requireRepo(repo);
    const refused = writes.reopenPull(
      this.state,
      state,
      this.requirePull(state, number),
      options.by ?? 'octocat',
    );
    if (refused !== undefined) throw new Error(refused);
  }

  createWorkflowRun(repo: string, run: writes.NewRun): RunSnapshot {
    const state = this.state.requireRepo(repo);
    return snapshotRun(this.state, state, writes.createRun(this.state, state, run));
  }

  updateWorkflowRun(
    repo: string,
    runId: number,
    update: Parameters<typeof writes.updateRun>[3],
  ): RunSnapshot {
    const state = this.state.requireRepo(repo);
    const run = state.runs.get(runId);
    if (run === undefined) throw new Error(`${repo} has no workflow run ${runId}`);
    writes.updateRun(this.state, state, run, update);
    return snapshotRun(this.state, state, run);
  }

  /** Sends webhooks for state changes (PR opened/closed/reopened/synchronize, workflow runs) to the bot. */
  deliverWebhooksTo(target: WebhookTarget | undefined): void {
    this.delivery.target = target;
  }

  deliveries(): readonly DeliveryRecord[] {
    return this.delivery.records;
  }

  // ── inspection ────────────────────────────────────────────────────────────────────────────────────────────

  requests(matcher: RequestMatcher = {}): RecordedRequest[] {
    return this.server.recorded.filter((r) => matches(matcher, r));
  }

  pulls(repo: string): PullSnapshot[] {
    const state = this.state.requireRepo(repo);
    return [...state.pulls.values()].map((pull) => snapshotPull(this.state, state, pull));
  }

  pull(repo: string, number: number): PullSnapshot {
    const state = this.state.requireRepo(repo);
    return snapshotPull(this.state, state, this.requirePull(state, number));
  }

  /**
   * Whether an open pull request merges cleanly into its base now (GitHub's `mergeable`); undefined once closed.
   * `behind`: its base has commits its head does not (GitHub shows "This branch is out-of-date").
   */
  mergeable(repo: string, number: number): { clean: boolean; behind: boolean } | undefined {
    const state = this.state.requireRepo(repo);
    const pull = this.requirePull(state, number);
    if (pull.state !== 'open') return undefined;
    const head = state.pullHeadSha(pull);
    const base = state.pullBaseSha(pull);
    return {
      clean: mergeContent(state, base, head).clean,
      behind: !state.objects.isAncestor(base, head),
    };
  }

  /** A file's text at a branch or SHA, or undefined when absent. */
  file(repo: string, ref: string, path: string): string | undefined {
    const state = this.state.requireRepo(repo);
    const sha = state.resolveCommitish(ref);
    return sha === undefined ? undefined : state.readFile(sha, path)?.content.toString('utf8');
  }

  /** Branch name → head SHA. */
  branches(repo: string): Record<string, string> {
    const state = this.state.requireRepo(repo);
    return Object.fromEntries(state.branchNames().map((name) => [name, state.branch(name) ?? '']));
  }

  /** Commits reachable from `ref`, newest first. */
  commits(
    repo: string,
    ref: string,
  ): { sha: string; message: string; parents: readonly string[]; author: string }[] {
    const state = this.state.requireRepo(repo);
    const sha = state.resolveCommitish(ref);
    if (sha === undefined) throw new Error(`${repo}: cannot resolve ${ref}`);
    return state.objects
      .history(sha)
      .map((c) => ({ sha: c.sha, message: c.message, parents: c.parents, author: c.author.name }));
  }

  comments(repo: string, number: number): { id: number; user: string; body: string }[] {
    return (this.state.requireRepo(repo).comments.get(number) ?? []).map(({ id, user, body }) => ({
      id,
      user,
      body,
    }));
  }

  workflowRuns(repo: string): RunSnapshot[] {
    const state = this.state.requireRepo(repo);
    return [...state.runs.values()].map((run) => snapshotRun(this.state, state, run));
  }

  /** Resolves with the predicate's first truthy value, re-checked after every request; rejects on timeout. */
  async waitFor<T>(
    predicate: () => T | undefined | null | false,
    options: { timeoutMs?: number } = {},
  ): Promise<T> {
    return this.wake.waitUntil(predicate, options.timeoutMs ?? 5000, () => {
      const recent = this.server.recorded.slice(-10).map((r) => `${r.method} ${r.path} → ${r.status}`);
      return `last requests:\n${recent.join('\n') || '(none)'}`;
    });
  }

  // ── violations ────────────────────────────────────────────────────────────────────────────────────────────

  violations(): readonly Violation[] {
    return this.server.violations;
  }

  /** Returns and forgets the violations (for tests that provoke one on purpose). */
  takeViolations(): Violation[] {
    return this.server.violations.splice(0);
  }

  assertNoViolations(): void {
    if (this.server.violations.length > 0) throw new Error(formatViolations(this.server.violations));
  }

  private requirePull(state: RepoState, number: number) {
    const pull = state.pulls.get(number);
    if (pull === undefined) throw new Error(`${state.fullName} has no pull request #${number}`);
    return pull;
  }
}
