/**
 * Grouping passes: intake's commit stores the alerts and queues them in the grouping backlog; a pass takes the
 * backlog, counts the alerts into groups and queues the Slack work (grouping-batch.ts), in one transaction of its own.
 * So a sender waits only for its alert rows, and under load one pass covers the alerts of many intake commits.
 *
 * Passes never overlap in a process. Intake kicks a pass after each commit; the pass starts a moment later, at
 * least four times as long after the previous pass as that pass took. A pass costs about the same for one alert as
 * for thousands (its statements go per group, not per alert), so under load one pass covers many commits and
 * grouping takes at most about a fifth of the store's time (on the embedded store both share one connection)
 * instead of following every commit with a transaction of its own. A pass that takes a full load runs again at once. A poll every few
 * seconds takes what no kick announced: alerts queued before a crash or a restart, or by another replica whose pass
 * failed. Replicas sharing PostgreSQL take disjoint backlog rows (SKIP LOCKED), and their batches touching the same
 * groups queue behind each other's group locks.
 *
 * A failed pass changes nothing (its transaction rolls back, the rows stay in the backlog) and is retried by the
 * poll; the error is logged.
 */
import type { Logger } from '../../logger.js';
import { groupBatch, type GroupingOptions, type GroupingRepos } from './grouping-batch.js';

/** Alerts per pass, about: a pass holds the embedded store's one connection and its items in memory. */
const MAX_ALERTS_PER_PASS = 5000;
const DEFAULT_POLL_MS = 2000;
/** Bounds of the wait after a kick: short when idle, and within Slack's own pace (a post per channel per second). */
const MIN_DELAY_MS = 20;
const MAX_DELAY_MS = 1000;
/** The wait after a kick is this many times the last pass's duration. */
const DELAY_PER_PASS_MS = 4;

export interface GroupingPassesDeps {
  readonly store: {
    transaction<T>(fn: (tx: GroupingRepos) => Promise<T>): Promise<T>;
  };
  readonly grouping: GroupingOptions;
  readonly logger: Logger;
  /** How often to look for backlog no kick announced (default 2 s). */
  readonly pollMs?: number;
  /** Observes each pass that grouped alerts (metrics). */
  readonly onPass?: (pass: { readonly alerts: number; readonly ms: number }) => void;
}

export interface GroupingPasses {
  /** Alerts were queued: run a pass soon. */
  kick(): void;
  /**
   * Resolves once a pass started after the call has found the backlog empty (everything queued before the call is
   * grouped), or has failed (logged; the alerts stay queued).
   */
  drain(): Promise<void>;
  /** Starts polling (and a first pass, for what an earlier process left). */
  start(): void;
  /** Stops polling and waits for the running pass. */
  stop(): Promise<void>;
}

export function createGroupingPasses(deps: GroupingPassesDeps): GroupingPasses {
  const pollMs = deps.pollMs ?? DEFAULT_POLL_MS;
  let running: Promise<void> | undefined;
  let kicked = false;
  let scheduled = false;
  let poll: NodeJS.Timeout | undefined;
  let stopped = false;
  let lastPassMs = 0;

  /** One pass; whether more may be waiting. */
  async function pass(): Promise<boolean> {
    const started = performance.now();
    const { items, more } = await deps.store.transaction(async (tx) => {
      const taken = await tx.backlog.take(MAX_ALERTS_PER_PASS);
      if (taken.items.length > 0) await groupBatch(tx, taken.items, deps.grouping);
      return taken;
    });
    const alerts = items.reduce((sum, item) => sum + item.count, 0);
    lastPassMs = performance.now() - started;
    if (alerts > 0) deps.onPass?.({ alerts, ms: lastPassMs });
    return more;
  }

  /** Passes while more may be waiting (a kick meanwhile schedules the next, see `begin`). */
  async function run(): Promise<void> {
    try {
      for (;;) {
        kicked = false;
        if (!(await pass())) return;
      }
    } catch (error) {
      deps.logger.error(
        { err: error },
        'grouping alerts failed; they stay queued and are grouped by a later pass',
      );
    }
  }

  function begin(): Promise<void> {
    running ??= run().finally(() => {
      running = undefined;
      if (kicked && !stopped) kick();
    });
    return running;
  }

  function kick(): void {
    kicked = true;
    if (running !== undefined || scheduled || stopped) return;
    scheduled = true;
    const delay = Math.min(MAX_DELAY_MS, Math.max(MIN_DELAY_MS, lastPassMs * DELAY_PER_PASS_MS));
    setTimeout(() => {
      scheduled = false;
      if (!stopped) void begin();
    }, delay).unref();
  }

  return {
    kick,
    async drain() {
      // The pass running now may have taken its rows before the caller's alerts were queued: run one more after it.
      await running;
      await begin();
    },
    start() {
      stopped = false;
      poll ??= setInterval(() => void begin(), pollMs);
      poll.unref();
      void begin();
    },
    async stop() {
      stopped = true;
      if (poll !== undefined) clearInterval(poll);
      poll = undefined;
      await running;
    },
  };
}
