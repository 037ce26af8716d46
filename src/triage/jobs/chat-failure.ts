/**
 * A chat failure as a job outcome: Slack's outages and rate limits are retried (after Slack's Retry-After), what
 * Slack refuses for good is given up. The job's record keeps Slack's own code for the operator.
 */
import type { ChatError } from '../ports/index.js';
import type { JobOutcome } from './job-runner.js';

function detail(error: ChatError): string {
  if (error.kind === 'rate_limited') return `${error.code} (Slack rate limit)`;
  return error.message === error.code ? error.code : `${error.code}: ${error.message}`;
}

/** `pace`: the ordering key to hold back until the retry (a channel, for Slack's per-channel pace). */
export function chatFailure(error: ChatError, pace?: { readonly key: string }): JobOutcome {
  if (error.kind === 'permanent') return { kind: 'fail', code: 'slack_refused', message: detail(error) };
  return {
    kind: 'retry',
    code: 'slack_unavailable',
    message: detail(error),
    ...(error.kind === 'rate_limited' ? { retryAfterMs: error.retryAfterMs } : {}),
    ...(pace === undefined ? {} : { pace }),
  };
}
