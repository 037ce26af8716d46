/**
 * When a failed Slack job runs again, and when it is given up. A Slack outage must delay messages, not lose them:
 * transient failures (5xx, timeouts, network, 429) are retried with capped exponential backoff until the job has
 * failed `maxAttempts` times *and* is older than `giveUpAfterMs`. Permanent errors end a job at once; failures of our
 * own code (`internal`) after `maxAttempts`, since retrying rarely fixes a bug.
 */
import type { ChatError } from '../ports/index.js';

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly giveUpAfterMs: number;
  readonly maxBackoffMs: number;
  /** Jitter source in [0, 1). */
  readonly random: () => number;
}

/** Backoff before attempt `attempts + 1`: 1 s, 2 s, 4 s, … capped, with jitter (between half and all of it). */
export function backoffMs(policy: RetryPolicy, attempts: number): number {
  const base = Math.min(policy.maxBackoffMs, 1000 * 2 ** Math.min(20, Math.max(0, attempts - 1)));
  return Math.round(base * (0.5 + policy.random() / 2));
}

export function givesUp(
  policy: RetryPolicy,
  job: { readonly attempts: number; readonly createdAt: Date },
  error: ChatError,
  now: Date,
): boolean {
  if (error.kind === 'permanent') return true;
  if (job.attempts < policy.maxAttempts) return false;
  if (error.code === 'internal') return true;
  return now.getTime() - job.createdAt.getTime() >= policy.giveUpAfterMs;
}
