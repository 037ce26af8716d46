/**
 * Faults a test schedules for the next calls of a method, so the bot's retry, backoff and outbox paths run against
 * the failures Slack really produces: 5xx from an outage, 429 with `Retry-After`, a request that never answers,
 * a connection reset, or a platform error such as `fatal_error`.
 */
export type Fault =
  | { readonly kind: 'status'; readonly status: number; readonly body?: string }
  | { readonly kind: 'ratelimited'; readonly retryAfterSeconds: number }
  /** Holds the request without answering (until `holdMs` passes, or the server stops). */
  | { readonly kind: 'timeout'; readonly holdMs?: number }
  /** Processes the call normally but answers only after `ms` (Slack did the work; the client may have given up). */
  | { readonly kind: 'delay'; readonly ms: number }
  /** Destroys the socket before any response byte. */
  | { readonly kind: 'close' }
  /** Answers HTTP 200 `{ ok: false, error }`. */
  | { readonly kind: 'error'; readonly error: string };

/** Method names are Web API methods (`chat.postMessage`), `response_url`, or `*` for any call. */
export type FaultTarget = string;

interface Scheduled {
  readonly target: FaultTarget;
  readonly fault: Fault;
  remaining: number;
}

export class FaultPlan {
  private readonly queue: Scheduled[] = [];

  /** The next `times` calls of `target` get `fault` (faults for the same target apply in the order added). */
  add(target: FaultTarget, fault: Fault, times = 1): void {
    if (times > 0) this.queue.push({ target, fault, remaining: times });
  }

  /** Takes the fault for this call of `method`, if one is scheduled. */
  take(method: string): Fault | undefined {
    const index = this.queue.findIndex((s) => s.target === method || s.target === '*');
    const scheduled = this.queue[index];
    if (scheduled === undefined) return undefined;
    scheduled.remaining -= 1;
    if (scheduled.remaining <= 0) this.queue.splice(index, 1);
    return scheduled.fault;
  }

  /** How many faulty answers are still scheduled (tests assert all were consumed). */
  pending(): number {
    return this.queue.reduce((sum, s) => sum + s.remaining, 0);
  }

  clear(): void {
    this.queue.length = 0;
  }
}
