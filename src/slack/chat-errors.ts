import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';
import type { ChatError } from '../triage/ports/index.js';

/** Slack error codes that no retry can fix: the job is given up and an operator told. */
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'msg_blocks_too_long',
  'no_text',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'missing_scope',
  'message_not_found',
  'cant_update_message',
  'restricted_action',
  'invalid_arguments',
  'channel_is_archived',
  'thread_not_found',
  // reactions.add: the message carries Slack's 23 different emoji already; a name Slack does not know.
  'too_many_emoji',
  'invalid_name',
]);

/** Translates anything @slack/web-api throws into the workflow's three outcomes. */
export function toChatError(error: unknown): ChatError {
  if (error instanceof WebAPIRateLimitedError) {
    return { kind: 'rate_limited', code: 'ratelimited', retryAfterMs: Math.max(1, error.retryAfter) * 1000 };
  }
  if (error instanceof WebAPIPlatformError) {
    const code = error.data.error;
    if (code === 'ratelimited') return { kind: 'rate_limited', code, retryAfterMs: 1000 };
    return { kind: PERMANENT.has(code) ? 'permanent' : 'transient', code, message: code };
  }
  if (error instanceof WebAPIHTTPError) {
    const code = `http_${error.statusCode}`;
    const transient = error.statusCode >= 500 || error.statusCode === 408;
    return { kind: transient ? 'transient' : 'permanent', code, message: error.statusMessage };
  }
  if (error instanceof WebAPIRequestError) {
    return { kind: 'transient', code: 'request_error', message: error.original.message };
  }
  return {
    kind: 'transient',
    code: 'unknown',
    message: error instanceof Error ? error.message : String(error),
  };
}
