/**
 * The parts of GitHub's webhook payloads the bot acts on, checked with zod (GitHub's schemas in
 * `../shared/fixtures/github/webhooks.subset.json` are the reference). Objects are loose: GitHub adds fields all the
 * time, and only the fields read here must be present and well typed.
 *
 * Events the bot follows:
 * - `pull_request` closed (merged or not), reopened and synchronize: the exception PR moved;
 * - `workflow_run` completed: the deploy workflow finished (the caller filters by workflow name);
 * - `push` to a branch: when it is the base branch, open exception pull requests may need bringing up to date
 *   (the webhooks subset has no `push` schema; the fields read here are those of GitHub's push event);
 * - `ping`: sent when the webhook is created.
 * Anything else is `ignored`, with the reason, so the route can answer 2xx and log it.
 */
import { z } from 'zod';
import type { PullRequestState, WorkflowRunState } from '../triage/ports/index.js';
import { presentPullRequest, presentWorkflowRun } from './present.js';

const login = z.looseObject({ login: z.string() });
const repository = z.looseObject({ full_name: z.string() });
const installation = z.looseObject({ id: z.number().int() }).nullish();

const pullRequest = z.looseObject({
  number: z.number().int().positive(),
  html_url: z.string(),
  state: z.enum(['open', 'closed']),
  body: z.string().nullish(),
  updated_at: z.string(),
  merged: z.boolean().nullish(),
  merged_at: z.string().nullish(),
  merge_commit_sha: z.string().nullish(),
  merged_by: login.nullish(),
  head: z.looseObject({ ref: z.string(), sha: z.string(), repo: repository.nullish() }),
  base: z.looseObject({ ref: z.string() }),
});

export const PULL_REQUEST_ACTIONS = ['closed', 'reopened', 'synchronize'] as const;
export type PullRequestAction = (typeof PULL_REQUEST_ACTIONS)[number];

export const pullRequestPayload = z.looseObject({
  action: z.enum(PULL_REQUEST_ACTIONS),
  number: z.number().int().positive(),
  pull_request: pullRequest,
  repository,
  installation,
});

const workflowRun = z.looseObject({
  id: z.number().int(),
  run_number: z.number().int(),
  name: z.string().nullish(),
  path: z.string().nullish(),
  event: z.string(),
  head_branch: z.string().nullable(),
  head_sha: z.string(),
  status: z.string().nullable(),
  conclusion: z.string().nullable(),
  html_url: z.string(),
  created_at: z.string(),
  pull_requests: z.array(z.looseObject({ number: z.number().int() })).nullish(),
});

export const workflowRunPayload = z.looseObject({
  action: z.literal('completed'),
  workflow_run: workflowRun,
  repository,
  installation,
});

export const pushPayload = z.looseObject({
  ref: z.string(),
  before: z.string(),
  after: z.string(),
  deleted: z.boolean().optional(),
  forced: z.boolean().optional(),
  repository,
  installation,
});

export const pingPayload = z.looseObject({
  zen: z.string().optional(),
  hook_id: z.number().int().optional(),
});

/** What a verified delivery means to the bot. `deliveryId` is GitHub's X-GitHub-Delivery (for logs and dedup). */
export type WebhookEvent =
  | {
      readonly kind: 'ping';
      readonly deliveryId: string;
      readonly hookId: number | undefined;
      readonly zen: string | undefined;
    }
  | {
      readonly kind: 'pull_request';
      readonly deliveryId: string;
      readonly action: PullRequestAction;
      /** owner/name the event is about. */
      readonly repository: string;
      readonly installationId: number | undefined;
      readonly baseBranch: string;
      readonly pullRequest: PullRequestState;
    }
  | {
      readonly kind: 'workflow_run';
      readonly deliveryId: string;
      readonly action: 'completed';
      readonly repository: string;
      readonly installationId: number | undefined;
      /** The workflow file, e.g. `.github/workflows/falco-rules.yml`, when GitHub sent it. */
      readonly workflowPath: string | undefined;
      readonly run: WorkflowRunState;
      /** Numbers of the pull requests GitHub associates with the run (empty for push runs on the base branch). */
      readonly pullRequests: readonly number[];
    }
  | {
      readonly kind: 'push';
      readonly deliveryId: string;
      readonly repository: string;
      /** The branch pushed to (`refs/heads/` removed). */
      readonly branch: string;
      /** The branch's head after the push. */
      readonly after: string;
    }
  | {
      readonly kind: 'ignored';
      readonly deliveryId: string;
      readonly event: string;
      readonly action: string | undefined;
      readonly reason: string;
    };

export function pullRequestEvent(
  deliveryId: string,
  payload: z.infer<typeof pullRequestPayload>,
): Extract<WebhookEvent, { kind: 'pull_request' }> {
  return {
    kind: 'pull_request',
    deliveryId,
    action: payload.action,
    repository: payload.repository.full_name,
    installationId: payload.installation?.id,
    baseBranch: payload.pull_request.base.ref,
    pullRequest: presentPullRequest(payload.pull_request),
  };
}

export function workflowRunEvent(
  deliveryId: string,
  payload: z.infer<typeof workflowRunPayload>,
): Extract<WebhookEvent, { kind: 'workflow_run' }> {
  const run = payload.workflow_run;
  return {
    kind: 'workflow_run',
    deliveryId,
    action: payload.action,
    repository: payload.repository.full_name,
    installationId: payload.installation?.id,
    workflowPath: run.path ?? undefined,
    run: presentWorkflowRun(run),
    pullRequests: (run.pull_requests ?? []).map((pull) => pull.number),
  };
}

/** zod issues as `path: message` lines, short enough for a 400 answer. */
export function describeIssues(error: z.ZodError, limit = 5): string {
  const lines = error.issues
    .slice(0, limit)
    .map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`);
  if (error.issues.length > limit) lines.push(`… and ${error.issues.length - limit} more`);
  return lines.join('; ');
}
