/**
 * How many `chat.update` calls the bot may make. Slack rates chat.update at Tier 3, 50 per minute per workspace, so
 * updates draw from a token bucket; a 429 pauses them all for Retry-After. Updates that must wait are spread one
 * token apart (the first waits for the next token, the second for the one after, …) instead of all waking for the
 * same token and all but one being sent back again. Time comes in as an argument.
 */
import { TokenBucket } from './token-bucket.js';

export class UpdateBudget {
  readonly #bucket: TokenBucket;
  readonly #tokenMs: number;
  #pausedUntilMs = 0;
  #waiting = 0;

  constructor(perSecond: number, burst: number) {
    this.#bucket = new TokenBucket(perSecond, burst);
    this.#tokenMs = 1000 / perSecond;
  }

  /** A new claim round: the updates sent back in the last one have their slots already. */
  newRound(): void {
    this.#waiting = 0;
  }

  /** 0: send now (a token is spent). Otherwise: how many milliseconds this update should wait. */
  take(nowMs: number): number {
    const pausedMs = this.#pausedUntilMs - nowMs;
    const wait = pausedMs > 0 ? pausedMs : this.#bucket.take(nowMs);
    if (wait <= 0) return 0;
    const afterMs = wait + this.#waiting * this.#tokenMs;
    this.#waiting += 1;
    return afterMs;
  }

  /** Slack answered 429 to an update: every update waits Retry-After. */
  limited(nowMs: number, retryAfterMs: number): void {
    this.#pausedUntilMs = Math.max(this.#pausedUntilMs, nowMs + retryAfterMs);
  }
}
