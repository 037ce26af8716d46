/** The GitHub adapter's public surface: the RepoPort implementation, its client, and webhook verification. */
export {
  createGitHubRepo,
  type GitHubRepo,
  type GitHubRepoOptions,
  type OpenedPullRequest,
  type OpenPullRequestArgs,
} from './github-repo.js';
export {
  botOctokitClass,
  createGitHubClient,
  GitHubSetupError,
  type GitHubClient,
  type GitHubClientOptions,
  type GitHubOctokit,
} from './octokit.js';
export { toRepoError } from './repo-errors.js';
export {
  parseWebhook,
  type ParseWebhookOptions,
  type WebhookEvent,
  type WebhookHeaders,
  type WebhookRejection,
} from './webhook-signature.js';
export type { PullRequestAction } from './webhook-payloads.js';
