/**
 * Webhook payloads for `pull_request` (opened, closed merged/unmerged, reopened, synchronize) and `workflow_run`
 * (requested, in_progress, completed), built from the stand-in's state as GitHub presents it: repository, pull
 * request, branches, SHAs, merge commit, workflow, run number and URLs. When the stand-in was given GitHub's webhook
 * schemas (schemas.ts), every payload is validated against them and an invalid one throws, so a test can never feed
 * the bot a payload GitHub would not send.
 */
import type { FakeState } from './fake-state.js';
import { nodeId, presentRepository, presentUser } from './present-common.js';
import { presentPull } from './present-pull.js';
import { presentRun } from './present-run.js';
import type { RepoState } from './repo-state.js';
import type { SchemaValidation } from './schema-validation.js';

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

/** What payloads are built from (a FakeGitHub): its state, and its checks when it was given GitHub's schemas. */
export interface WebhookSource {
  readonly state: FakeState;
  readonly validation: SchemaValidation | undefined;
}

type Json = Record<string, unknown>;

/** An event's own fields, with what every event carries: the repository, the sender, installation, organization. */
export function finish(
  fake: WebhookSource,
  repo: RepoState,
  event: Json,
  options: { sender: string; installationId: number | undefined },
): Json {
  const { state } = fake;
  const payload: Json = {
    ...event,
    repository: presentRepository(state, repo),
    sender: presentUser(state, state.user(options.sender)),
  };
  if (options.installationId !== undefined)
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
  }
  return payload;
}

function checked(fake: WebhookSource, event: WebhookEvent): WebhookEvent {
  const problems = fake.validation?.webhookProblems(event.name, event.action, event.payload) ?? [];
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
export function pullRequestEvent(fake: WebhookSource, input: PullRequestEventInput): WebhookEvent {
  const repo = fake.state.requireRepo(input.repo);
  const pull = repo.pulls.get(input.number);
  if (pull === undefined) throw new Error(`${input.repo} has no pull request #${input.number}`);
  const wanted = input.action === 'closed' ? 'closed' : 'open';
  if (pull.state !== wanted) {
    throw new Error(
      `pull_request.${input.action} for #${pull.number}, but the pull request is ${pull.state}`,
    );
  }
  const event: Json = {
    action: input.action,
    number: pull.number,
    pull_request: presentPull(fake.state, repo, pull),
  };
  if (input.action === 'synchronize') {
    const after = repo.pullHeadSha(pull);
    event['before'] = input.before ?? repo.objects.commit(after)?.parents[0] ?? after;
    event['after'] = after;
  }
  const sender = input.sender ?? pull.mergedBy ?? pull.user;
  const payload = finish(fake, repo, event, { sender, installationId: input.installationId });
  return checked(fake, {
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
export function workflowRunEvent(fake: WebhookSource, input: WorkflowRunEventInput): WebhookEvent {
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
    { action, workflow, workflow_run: presented },
    { sender: input.sender ?? run.actor, installationId: input.installationId },
  );
  return checked(fake, {
    name: 'workflow_run',
    action,
    payload,
    target: { type: 'repository', id: repo.id },
  });
}
