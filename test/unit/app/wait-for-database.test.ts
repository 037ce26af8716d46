/**
 * The wait for PostgreSQL at start-up, on a simulated clock: the schedule (exponential, jittered, capped, bounded in
 * all), one log line per attempt, and the sentence it gives up with. The process test
 * (test/e2e/database-wait.test.ts) runs it for real against a closed port and a server that comes up.
 */
import { describe, expect, it } from '@jest/globals';
import type { Logger } from '../../../src/logger.js';
import { err, ok, type Result } from '../../../src/result.js';
import type { ProbeFailure } from '../../../src/store/index.js';
import { waitForDatabase } from '../../../src/app/wait-for-database.js';

const URL = 'postgres://bot:s3cret@db.internal:6543/falco';

function recordingLogger(): Logger & { lines: { level: string; message: string; meta: object }[] } {
  const lines: { level: string; message: string; meta: object }[] = [];
  const logger = {
    lines,
    error: (meta: object, message: string) => lines.push({ level: 'error', message, meta }),
    warn: (meta: object, message: string) => lines.push({ level: 'warn', message, meta }),
    info: (meta: object, message: string) => lines.push({ level: 'info', message, meta }),
    debug: () => undefined,
    child: () => logger,
  };
  return logger;
}

/** A clock that only moves when the code under test sleeps or probes (each probe takes `probeMs`). */
function simulation(answers: (attempt: number) => Result<void, ProbeFailure>, probeMs = 10) {
  let clock = 0;
  let attempts = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    attempts: () => attempts,
    now: () => clock,
    sleep: (ms: number) => {
      sleeps.push(ms);
      clock += ms;
      return Promise.resolve();
    },
    probe: (url: string, timeoutMs: number) => {
      attempts += 1;
      expect(url).toBe(URL);
      expect(timeoutMs).toBeGreaterThanOrEqual(1000);
      expect(timeoutMs).toBeLessThanOrEqual(5000);
      clock += probeMs;
      return Promise.resolve(answers(attempts));
    },
  };
}

const refused = err({ transient: true, reason: 'connect ECONNREFUSED 10.0.0.7:6543' });

describe('waitForDatabase', () => {
  it('waits 1 s doubling to 30 s, with jitter, and comes up when the server answers', async () => {
    const sim = simulation((attempt) => (attempt < 8 ? refused : ok(undefined)));
    const logger = recordingLogger();

    const result = await waitForDatabase({
      url: URL,
      timeoutSeconds: 300,
      logger,
      random: () => 0.9999999,
      ...sim,
    });

    expect(result.ok).toBe(true);
    expect(sim.sleeps).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(logger.lines.map((line) => line.message)).toEqual([
      'waiting for PostgreSQL at db.internal:6543 (attempt 1, next in 1.0s): connect ECONNREFUSED 10.0.0.7:6543',
      'waiting for PostgreSQL at db.internal:6543 (attempt 2, next in 2.0s): connect ECONNREFUSED 10.0.0.7:6543',
      'waiting for PostgreSQL at db.internal:6543 (attempt 3, next in 4.0s): connect ECONNREFUSED 10.0.0.7:6543',
      'waiting for PostgreSQL at db.internal:6543 (attempt 4, next in 8.0s): connect ECONNREFUSED 10.0.0.7:6543',
      'waiting for PostgreSQL at db.internal:6543 (attempt 5, next in 16.0s): connect ECONNREFUSED 10.0.0.7:6543',
      'waiting for PostgreSQL at db.internal:6543 (attempt 6, next in 30.0s): connect ECONNREFUSED 10.0.0.7:6543',
      'waiting for PostgreSQL at db.internal:6543 (attempt 7, next in 30.0s): connect ECONNREFUSED 10.0.0.7:6543',
      'PostgreSQL at db.internal:6543 answers',
    ]);
    expect(JSON.stringify(logger.lines)).not.toContain('s3cret');
  });

  it('jitters each wait between half and all of its step', async () => {
    const sim = simulation((attempt) => (attempt < 4 ? refused : ok(undefined)));

    await waitForDatabase({
      url: URL,
      timeoutSeconds: 300,
      logger: recordingLogger(),
      random: () => 0,
      ...sim,
    });

    expect(sim.sleeps).toEqual([500, 1000, 2000]);
  });

  it('gives up after the timeout in all, with the last reason and what to check', async () => {
    const sim = simulation(() => refused);

    const result = await waitForDatabase({
      url: URL,
      timeoutSeconds: 60,
      logger: recordingLogger(),
      random: () => 0.9999999,
      ...sim,
    });

    // 1+2+4+8+16 = 31 s, then the last wait is cut to what is left of the 60 s.
    expect(sim.sleeps.reduce((sum, ms) => sum + ms, 0) + sim.attempts() * 10).toBeLessThanOrEqual(
      60_000 + 10,
    );
    expect(sim.sleeps.at(-1)).toBeLessThan(30_000);
    expect(result).toEqual(
      err(
        `PostgreSQL at db.internal:6543 did not answer within 60 s (${sim.attempts()} attempts); the last one: ` +
          'connect ECONNREFUSED 10.0.0.7:6543. Check that the server runs and that DATABASE_URL names it ' +
          '(DATABASE_CONNECT_TIMEOUT_SECONDS sets how long to wait).',
      ),
    );
  });

  it('tries once with a timeout of 0', async () => {
    const sim = simulation(() => refused);

    const result = await waitForDatabase({
      url: URL,
      timeoutSeconds: 0,
      logger: recordingLogger(),
      random: Math.random,
      ...sim,
    });

    expect(sim.attempts()).toBe(1);
    expect(sim.sleeps).toEqual([]);
    expect(!result.ok && result.error).toContain('did not answer within 0 s (1 attempt)');
  });

  it('stops at once on a refusal waiting cannot fix', async () => {
    const sim = simulation(() =>
      err({ transient: false, reason: 'password authentication failed for user "bot" (SQLSTATE 28P01)' }),
    );

    const result = await waitForDatabase({
      url: URL,
      timeoutSeconds: 300,
      logger: recordingLogger(),
      random: Math.random,
      ...sim,
    });

    expect(sim.attempts()).toBe(1);
    expect(result).toEqual(
      err(
        'PostgreSQL at db.internal:6543 refused the connection: password authentication failed for user "bot" ' +
          '(SQLSTATE 28P01). Check DATABASE_URL.',
      ),
    );
  });
});
