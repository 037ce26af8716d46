/**
 * The loop behind the outbox workers (Slack delivery, GitHub jobs): run a round, and when a round found nothing,
 * sleep `pollMs` before the next. A failed round is logged and retried, never fatal: the work is in the store and
 * the next round picks it up. `stop()` wakes a sleeping loop and resolves once the round in progress has ended.
 */
import type { Logger } from '../../logger.js';

export interface PollingLoopOptions {
  /** One round; resolves with how many jobs it ran (0 means: sleep before the next). */
  readonly runOnce: () => Promise<number>;
  readonly pollMs: number;
  readonly logger: Logger;
  /** Logged when a round throws, e.g. "Slack delivery round failed; retrying". */
  readonly failureMessage: string;
  /** Runs once each time the loop starts, before its first round. */
  readonly beforeFirstRound?: () => Promise<void>;
}

export interface PollingLoop {
  start(): void;
  stop(): Promise<void>;
}

export function createPollingLoop(options: PollingLoopOptions): PollingLoop {
  let running: Promise<void> | undefined;
  let stopping = false;
  let wake: (() => void) | undefined;

  async function loop(): Promise<void> {
    await options.beforeFirstRound?.();
    while (!stopping) {
      let ran = 0;
      try {
        ran = await options.runOnce();
      } catch (error) {
        options.logger.error({ err: error }, options.failureMessage);
      }
      if (ran === 0 && !stopping) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, options.pollMs).unref();
        });
      }
    }
  }

  return {
    start() {
      stopping = false;
      running ??= loop();
    },
    async stop() {
      stopping = true;
      wake?.();
      await running;
      running = undefined;
    },
  };
}
