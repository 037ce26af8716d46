/** The fake GitHub's public surface for tests: the server, webhook payload builders and the webhook sender. */
export {
  FakeGitHub,
  type CreateRepoOptions,
  type DeliveryRecord,
  type FakeGitHubOptions,
  type PullSnapshot,
  type RecordedRequest,
  type RunSnapshot,
  type Violation,
  type WebhookTarget,
} from './fake-github.js';
export type { AppSpec, InstallationSpec } from './auth.js';
export type { Fault, RequestMatcher, RuleHandle } from './faults.js';
export type { NewRun } from './repo-writes.js';
export { pushEvent, pushProblems, type PushEventInput } from './push-webhook.js';
export { sendWebhook, type SendWebhookOptions, type WebhookDeliveryResult } from './webhook-sender.js';
export {
  pullRequestEvent,
  webhookProblems,
  workflowRunEvent,
  type PullRequestAction,
  type PullRequestEventInput,
  type WebhookEvent,
  type WorkflowRunAction,
  type WorkflowRunEventInput,
} from './webhooks.js';
