/**
 * Start-up with a PostgreSQL server that is not there yet (part of the composition root). In Kubernetes the bot and
 * its database are often deployed together, and a server restarts now and then: rather than crash into a restart
 * loop with a stack trace, the start waits, trying again with exponential backoff and jitter (1 s doubling to 30 s,
 * each wait between half and all of that), one log line per attempt, for DATABASE_CONNECT_TIMEOUT_SECONDS in all.
 * Then it gives up with one clear sentence (a StartupError: `npm start` prints it and exits 78).
 *
 * A refusal waiting cannot fix (wrong password, no such database, TLS) stops the start at once.
 */
import type { Logger } from '../logger.js';
import { err, ok, type Result } from '../result.js';
import { postgresAddress, type ProbeFailure } from '../store/index.js';
import { backoffMs } from '../triage/jobs/index.js';

/** Where waiting for the database is explained; its start-up errors point here (a test checks the heading). */
export const DATABASE_WAIT_DOCS = 'docs/operations.md#starting-before-postgresql';

const MAX_WAIT_MS = 30_000;
/** One attempt may take this long before it counts as failed (a server that accepts but never answers). */
const ATTEMPT_TIMEOUT_MS = 5_000;

export interface WaitForDatabaseOptions {
  readonly url: string;
  /** How long to keep trying, in all; 0 tries once. */
  readonly timeoutSeconds: number;
  readonly logger: Logger;
  readonly probe: (url: string, timeoutMs: number) => Promise<Result<void, ProbeFailure>>;
  readonly random: () => number;
  /** Milliseconds of a monotonic clock. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Resolves once the server answers; otherwise the sentence that explains why the bot cannot start. */
export async function waitForDatabase(options: WaitForDatabaseOptions): Promise<Result<void, string>> {
  const { logger } = options;
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  const policy = { maxAttempts: 0, giveUpAfterMs: 0, maxBackoffMs: MAX_WAIT_MS, random: options.random };
  const address = postgresAddress(options.url);
  const deadline = now() + options.timeoutSeconds * 1000;
  for (let attempt = 1; ; attempt += 1) {
    const remaining = deadline - now();
    const result = await options.probe(options.url, Math.max(1000, Math.min(ATTEMPT_TIMEOUT_MS, remaining)));
    if (result.ok) {
      if (attempt > 1) logger.info({ attempts: attempt }, `PostgreSQL at ${address} answers`);
      return ok(undefined);
    }
    const { reason } = result.error;
    if (!result.error.transient) {
      return err(`PostgreSQL at ${address} refused the connection: ${reason}. Check DATABASE_URL.`);
    }
    const left = deadline - now();
    if (left <= 0) {
      return err(
        `PostgreSQL at ${address} did not answer within ${options.timeoutSeconds} s (${plural(attempt, 'attempt')}); ` +
          `the last one: ${reason}. Check that the server runs and that DATABASE_URL names it ` +
          '(DATABASE_CONNECT_TIMEOUT_SECONDS sets how long to wait).',
      );
    }
    const waitMs = Math.min(backoffMs(policy, attempt), left);
    const next = (waitMs / 1000).toFixed(1);
    logger.warn(
      { code: 'database_waiting', address, attempt, nextInSeconds: Number(next), reason },
      `waiting for PostgreSQL at ${address} (attempt ${attempt}, next in ${next}s): ${reason}`,
    );
    await sleep(waitMs);
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
