import { describe, expect, it } from '@jest/globals';
import type { Logger } from '../../../../src/logger.js';
import { createPollingLoop } from '../../../../src/triage/jobs/polling-loop.js';

function recordingLogger(): Logger & { errors: string[] } {
  const errors: string[] = [];
  const logger: Logger & { errors: string[] } = {
    errors,
    error: (_meta, message) => errors.push(message),
    warn: () => undefined,
    info: () => undefined,
    debug: () => undefined,
    child: () => logger,
  };
  return logger;
}

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(check()).toBe(true);
};

describe('polling loop', () => {
  it('runs rounds back to back while they find work, logs a failed round and goes on', async () => {
    const logger = recordingLogger();
    const rounds: string[] = [];
    const script = ['work', 'work', 'throw', 'work'];
    let before = 0;
    const loop = createPollingLoop({
      pollMs: 10_000, // an idle round would stall the test: only the failed round's and the last one's sleep count
      logger,
      failureMessage: 'round failed; retrying',
      beforeFirstRound: () => {
        before += 1;
        return Promise.resolve();
      },
      runOnce: () => {
        const step = script[rounds.length] ?? 'idle';
        rounds.push(step);
        if (step === 'throw') return Promise.reject(new Error('store down'));
        return Promise.resolve(step === 'work' ? 3 : 0);
      },
    });
    loop.start();
    loop.start(); // a second start while running changes nothing
    await until(() => rounds.length >= 3);
    expect(rounds.slice(0, 3)).toEqual(['work', 'work', 'throw']);
    expect(logger.errors).toEqual(['round failed; retrying']);
    // After the failed round it sleeps (pollMs); stop wakes it and resolves at once.
    const stopped = Date.now();
    await loop.stop();
    expect(Date.now() - stopped).toBeLessThan(1000);
    expect(before).toBe(1);
    expect(rounds).toHaveLength(3);
  });

  it('sleeps pollMs after an idle round, and can be started again after stop', async () => {
    let calls = 0;
    let before = 0;
    const loop = createPollingLoop({
      pollMs: 20,
      logger: recordingLogger(),
      failureMessage: 'x',
      beforeFirstRound: () => {
        before += 1;
        return Promise.resolve();
      },
      runOnce: () => {
        calls += 1;
        return Promise.resolve(0);
      },
    });
    loop.start();
    await new Promise((resolve) => setTimeout(resolve, 110));
    await loop.stop();
    // About 110 / 20 rounds: not a busy loop, not stuck.
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(calls).toBeLessThanOrEqual(8);
    const afterStop = calls;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toBe(afterStop);
    loop.start();
    await until(() => calls > afterStop);
    await loop.stop();
    expect(before).toBe(2);
  });
});
