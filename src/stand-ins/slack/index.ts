/**
 * The Slack stand-in, for the end-to-end tests and the sandbox: a Web API server the bot reaches through
 * `SLACK_API_URL`, and a client that sends the bot signed requests as Slack does. See `FakeSlack` and
 * `SignedSlackClient` for usage. Imports nothing of the bot but src/result.ts; in src, only the sandbox imports it.
 */
export { FakeSlack, type FakeSlackOptions } from './fake-slack.js';
export { DEFAULT_APP_TOKEN, FakeSocketMode, type SocketAck } from './socket-mode.js';
export type { RecordedCall } from './fake-slack-server.js';
export {
  SignedSlackClient,
  type ActionDelivery,
  type CommandDelivery,
  type Delivery,
  type DeliveryOptions,
  type EventDelivery,
  type SignedSlackClientOptions,
  type SubmitDelivery,
} from './signed-slack-client.js';
export { signSlackRequest, type SignatureMode } from './slack-signature.js';
export type { Fault, FaultTarget } from './faults.js';
export {
  DEFAULT_POST_MESSAGE_LIMIT,
  SLACK_TIER_LIMITS,
  type RateLimit,
  type RateLimitPolicy,
} from './rate-limiter.js';
export { BLOCK_KIT_LIMITS } from './block-kit-limits.js';
export { validateBlocks, validateView, type Surface } from './block-kit-validate.js';
export type { EphemeralMessage, MessageContent, StoredMessage } from './message-store.js';
export type { ResponsePost, ResponseUrlOrigin } from './response-urls.js';
export type { StoredView, StateValues } from './view-store.js';
export type { ViewAckOutcome } from './view-acks.js';
export type { UserInput, ViewInputs } from './element-values.js';
export {
  DEFAULT_BOT_TOKEN,
  DEFAULT_SIGNING_SECRET,
  DEFAULT_WORKSPACE,
  manifestBotScopes,
  type FakeChannel,
  type FakeUser,
  type FakeWorkspace,
} from './workspace.js';
