/**
 * Polling that wakes early: `waitUntil` re-checks a predicate whenever `notify()` is called (after each request
 * and webhook delivery) and at least every 50 ms, so tests wait for the bot's asynchronous work without sleeps.
 */
export class WakeSignal {
  private readonly waiters = new Set<() => void>();

  notify(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    waiters.forEach((wake) => wake());
  }

  /** Resolves with the predicate's first truthy value; rejects after `timeoutMs` with `describe()` in the message. */
  async waitUntil<T>(
    predicate: () => T | undefined | null | false,
    timeoutMs: number,
    describe: () => string,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value !== undefined && value !== null && value !== false) return value;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`fake GitHub waitFor timed out after ${timeoutMs} ms; ${describe()}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(left, 50));
        this.waiters.add(wake);
      });
    }
  }
}
