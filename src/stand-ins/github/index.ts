/**
 * The GitHub stand-in: a local GitHub REST API with state (repositories, pull requests, workflow runs, webhooks) for
 * the end-to-end tests and the sandbox; webhook payload builders and the webhook sender. See README.md.
 * Imports nothing of the bot; in src, only the sandbox imports it.
 */
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
export { GITHUB_ROUTES, BOOLEAN_PARAMETERS, INTEGER_PARAMETERS, type Route } from './routes.js';
export { OPENAPI_FILE, WEBHOOKS_FILE, readGitHubSchemas, type GitHubSchemas } from './schemas.js';
export type { SchemaValidation } from './schema-validation.js';
export { mergeThreeWay } from './three-way-merge.js';
export { pushEvent, pushProblems, type PushEventInput } from './push-webhook.js';
export { sendWebhook, type SendWebhookOptions, type WebhookDeliveryResult } from './webhook-sender.js';
export {
  pullRequestEvent,
  workflowRunEvent,
  type PullRequestAction,
  type PullRequestEventInput,
  type WebhookEvent,
  type WebhookSource,
  type WorkflowRunAction,
  type WorkflowRunEventInput,
} from './webhooks.js';
