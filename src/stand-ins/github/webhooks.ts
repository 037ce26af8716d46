/**
 * Webhook payloads for `pull_request` (opened, closed merged/unmerged, reopened, synchronize) and `workflow_run`
 * (requested, in_progress, completed), built from a real example in @octokit/webhooks-examples and overlaid
 * (deeply) with the fake's state: repository, pull request number, branches, SHAs, merge commit, workflow name,
 * run number and URLs. Every payload is validated against `../shared/fixtures/github/webhooks.subset.json`; an
 * invalid one throws, so a test can never feed the bot a payload GitHub would not send.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FakeGitHub } from './fake-github.js';
import { formatAjvErrors, githubFixturePath, SchemaDocument } from './json-schema.js';
import { nodeId, presentRepository, presentUser } from './present-common.js';
import { presentPull } from './present-pull.js';
import { presentRun } from './present-run.js';
import type { RepoState } from './repo-state.js';

export type PullRequestAction = 'opened' | 'closed' | 'reopened' | 'synchronize';
export type WorkflowRunAction = 'requested' | 'in_progress' | 'completed';

/** A payload ready to send: the `X-GitHub-Event` name and the JSON body. */
export interface WebhookEvent {
  readonly name: 'pull_request' | 'workflow_run' | 'push';
  readonly action: string;
  readonly payload: Record<string, unknown>;
  /** For `X-GitHub-Hook-Installation-Target-*`: the repository (or App installation) it was sent for. */
  readonly target: { readonly type: 'repository' | 'integration'; readonly id: number };
}

type Json = Record<string, unknown>;
interface ExampleSet {
  readonly name: string;
  readonly examples: Json[];
}

let examples: ExampleSet[] | undefined;
let schemas: SchemaDocument | undefined;

/** GitHub's own example payloads of an event (@octokit/webhooks-examples), as copies. */
export function examplesOf(name: string): Json[] {
  if (examples === undefined) {
    const file = createRequire(import.meta.url).resolve('@octokit/webhooks-examples');
    examples = JSON.parse(readFileSync(file, 'utf8')) as ExampleSet[];
  }
  return (examples.find((entry) => entry.name === name)?.examples ?? []).map((ex) => structuredClone(ex));
}

function exampleFor(name: string, action: string, fallbackAction: string): Json {
  const set = examplesOf(name);
  const found =
    set.find((ex) => ex['action'] === action) ?? set.find((ex) => ex['action'] === fallbackAction);
  if (found === undefined) throw new Error(`@octokit/webhooks-examples has no ${name}.${action} example`);
  return found;
}

/** Problems of a payload against the webhook schema for `name.action` (empty when valid). */
export function webhookProblems(name: string, action: string, payload: unknown): string[] {
  schemas ??= new SchemaDocument('github-webhooks', githubFixturePath('webhooks.subset.json'));
  const key = `webhook-${name.replaceAll('_', '-')}-${action.replaceAll('_', '-')}`;
  const validate = schemas.validator(`#/components/schemas/${key}`);
  return validate(payload) ? [] : formatAjvErrors(validate.errors, 'payload');
}

/** Objects merge key by key; arrays, primitives and nulls from `over` replace what `base` had. */
function deepMerge(base: unknown, over: unknown): unknown {
  if (!isObject(base) || !isObject(over)) return over === undefined ? base : over;
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = deepMerge(base[key], value);
  return out;
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function finish(
  fake: FakeGitHub,
  repo: RepoState,
  example: Json,
  overlay: Json,
  options: { sender: string; installationId: number | undefined },
): Json {
  const { state } = fake;
  const payload = deepMerge(example, {
    ...overlay,
    repository: presentRepository(state, repo),
    sender: presentUser(state, state.user(options.sender)),
  }) as Json;
  delete payload['enterprise'];
  if (options.installationId === undefined) delete payload['installation'];
  else
    payload['installation'] = {
      id: options.installationId,
      node_id: nodeId('Installation', options.installationId),
    };
  if (repo.owner.type === 'Organization') {
    const api = `${state.urls.api}/orgs/${repo.owner.login}`;
    payload['organization'] = {
      login: repo.owner.login,
      id: repo.owner.id,
      node_id: nodeId('Organization', repo.owner.id),
      url: api,
      repos_url: `${api}/repos`,
      events_url: `${api}/events`,
      hooks_url: `${api}/hooks`,
      issues_url: `${api}/issues`,
      members_url: `${api}/members{/member}`,
      public_members_url: `${api}/public_members{/member}`,
      avatar_url: `https://avatars.githubusercontent.com/u/${repo.owner.id}?v=4`,
      description: null,
    };
  } else {
    delete payload['organization'];
  }
  return payload;
}

function checked(event: WebhookEvent): WebhookEvent {
  const problems = webhookProblems(event.name, event.action, event.payload);
  if (problems.length > 0) {
    throw new Error(`built ${event.name}.${event.action} payload is invalid:\n${problems.join('\n')}`);
  }
  return event;
}

export interface PullRequestEventInput {
  readonly repo: string;
  readonly number: number;
  readonly action: PullRequestAction;
  /** Default: who merged it (closed + merged), otherwise the pull request's author. */
  readonly sender?: string;
  /** For synchronize: the head SHA before the push (default: the head commit's first parent). */
  readonly before?: string;
  readonly installationId?: number;
}

/** A `pull_request` event for a pull request as the fake holds it now; the action must fit its state. */
export function pullRequestEvent(fake: FakeGitHub, input: PullRequestEventInput): WebhookEvent {
  const repo = fake.state.requireRepo(input.repo);
  const pull = repo.pulls.get(input.number);
  if (pull === undefined) throw new Error(`${input.repo} has no pull request #${input.number}`);
  const wanted = input.action === 'closed' ? 'closed' : 'open';
  if (pull.state !== wanted) {
    throw new Error(
      `pull_request.${input.action} for #${pull.number}, but the pull request is ${pull.state}`,
    );
  }
  const overlay: Json = {
    action: input.action,
    number: pull.number,
    pull_request: presentPull(fake.state, repo, pull),
  };
  if (input.action === 'synchronize') {
    const after = repo.pullHeadSha(pull);
    overlay['before'] = input.before ?? repo.objects.commit(after)?.parents[0] ?? after;
    overlay['after'] = after;
  }
  const sender = input.sender ?? pull.mergedBy ?? pull.user;
  const payload = finish(fake, repo, exampleFor('pull_request', input.action, 'opened'), overlay, {
    sender,
    installationId: input.installationId,
  });
  if (input.action !== 'synchronize') {
    delete payload['before'];
    delete payload['after'];
  }
  return checked({
    name: 'pull_request',
    action: input.action,
    payload,
    target: { type: 'repository', id: repo.id },
  });
}

export interface WorkflowRunEventInput {
  readonly repo: string;
  readonly runId: number;
  /** Default: `completed` for a completed run, `in_progress` for a running one, otherwise `requested`. */
  readonly action?: WorkflowRunAction;
  readonly sender?: string;
  readonly installationId?: number;
}

/** A `workflow_run` event for a run the fake holds (created with `fake.createWorkflowRun`). */
export function workflowRunEvent(fake: FakeGitHub, input: WorkflowRunEventInput): WebhookEvent {
  const repo = fake.state.requireRepo(input.repo);
  const run = repo.runs.get(input.runId);
  if (run === undefined) throw new Error(`${input.repo} has no workflow run ${input.runId}`);
  const action =
    input.action ??
    (run.status === 'completed' ? 'completed' : run.status === 'in_progress' ? 'in_progress' : 'requested');
  if (action === 'completed' && run.status !== 'completed') {
    throw new Error(`workflow_run.completed for run ${run.id}, but the run is ${run.status}`);
  }
  const presented = presentRun(fake.state, repo, run);
  if (action !== 'completed') {
    presented['status'] =
      action === 'in_progress' ? 'in_progress' : run.status === 'completed' ? 'queued' : run.status;
    presented['conclusion'] = null;
  }
  const api = `${fake.state.urls.api}/repos/${repo.fullName}`;
  const workflow = {
    id: run.workflowId,
    node_id: nodeId('Workflow', run.workflowId),
    name: run.name,
    path: run.path,
    state: 'active',
    url: `${api}/actions/workflows/${run.workflowId}`,
    html_url: `${fake.state.urls.web}/${repo.fullName}/blob/${repo.defaultBranch}/${run.path}`,
    badge_url: `${fake.state.urls.web}/${repo.fullName}/workflows/${encodeURIComponent(run.name)}/badge.svg`,
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
  };
  const payload = finish(
    fake,
    repo,
    exampleFor('workflow_run', action, 'completed'),
    { action, workflow, workflow_run: presented },
    { sender: input.sender ?? run.actor, installationId: input.installationId },
  );
  return checked({ name: 'workflow_run', action, payload, target: { type: 'repository', id: repo.id } });
}
