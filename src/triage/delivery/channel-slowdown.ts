/**
 * Per-channel pace after Slack pushed back. The outbox paces every channel at the configured interval; when Slack
 * still answers 429 for a channel (another app posts there too, a workspace-wide cap, a pace set too tight), posting
 * again at the old interval once Retry-After has passed would only earn the next 429. So after a 429 the channel's
 * interval becomes at least Retry-After, doubling while 429s keep coming, and returns to normal after a quiet spell.
 * Time comes in as an argument.
 */
export interface ChannelSlowdownOptions {
  /** The normal interval between two messages in a channel. */
  readonly baseMs: number;
  /** How long a slowed channel stays slow after its last 429. */
  readonly holdMs?: number;
  /** The longest interval a channel is slowed to. */
  readonly maxMs?: number;
}

interface Slow {
  readonly intervalMs: number;
  readonly untilMs: number;
}

export class ChannelSlowdown {
  readonly #slow = new Map<string, Slow>();
  readonly #baseMs: number;
  readonly #holdMs: number;
  readonly #maxMs: number;

  constructor(options: ChannelSlowdownOptions) {
    this.#baseMs = options.baseMs;
    this.#holdMs = options.holdMs ?? 5 * 60_000;
    this.#maxMs = options.maxMs ?? 60_000;
  }

  /** Slack answered 429 for `channel` with this Retry-After. */
  limited(channel: string, retryAfterMs: number, nowMs: number): void {
    const current = this.#active(channel, nowMs);
    const intervalMs = Math.min(
      this.#maxMs,
      Math.max(this.#baseMs, retryAfterMs, current === undefined ? 0 : current.intervalMs * 2),
    );
    this.#slow.set(channel, { intervalMs, untilMs: nowMs + this.#holdMs });
  }

  /** How long the channel's next message waits after one was sent. */
  intervalMs(channel: string, nowMs: number): number {
    return this.#active(channel, nowMs)?.intervalMs ?? this.#baseMs;
  }

  #active(channel: string, nowMs: number): Slow | undefined {
    const slow = this.#slow.get(channel);
    if (slow !== undefined && slow.untilMs <= nowMs) {
      this.#slow.delete(channel);
      return undefined;
    }
    return slow;
  }
}
