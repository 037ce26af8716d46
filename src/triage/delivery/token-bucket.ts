/**
 * A token bucket: `ratePerSecond` tokens refill continuously up to `burst`. `take` spends one token and returns 0,
 * or returns how many milliseconds to wait for the next token (spending nothing). Time comes in as an argument.
 */
export class TokenBucket {
  #tokens: number;
  #updatedMs: number | undefined;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
  ) {
    this.#tokens = burst;
  }

  take(nowMs: number): number {
    if (this.#updatedMs !== undefined) {
      const refill = ((nowMs - this.#updatedMs) / 1000) * this.ratePerSecond;
      this.#tokens = Math.min(this.burst, this.#tokens + Math.max(0, refill));
    }
    this.#updatedMs = nowMs;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.#tokens) / this.ratePerSecond) * 1000);
  }
}
