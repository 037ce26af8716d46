import { describe, expect, it } from '@jest/globals';
import { ChannelSlowdown } from '../../../../src/triage/delivery/channel-slowdown.js';
import { backoffMs, givesUp, type RetryPolicy } from '../../../../src/triage/jobs/retry-policy.js';
import { UpdateBudget } from '../../../../src/triage/delivery/update-budget.js';

describe('ChannelSlowdown', () => {
  it('slows a channel to Retry-After after a 429, doubles while 429s repeat, and recovers after a quiet spell', () => {
    const slowdown = new ChannelSlowdown({ baseMs: 100, holdMs: 60_000, maxMs: 5000 });

    expect(slowdown.intervalMs('C1', 0)).toBe(100);
    slowdown.limited('C1', 1000, 0);
    expect(slowdown.intervalMs('C1', 10)).toBe(1000);
    expect(slowdown.intervalMs('C2', 10)).toBe(100);
    slowdown.limited('C1', 1000, 2000);
    expect(slowdown.intervalMs('C1', 2000)).toBe(2000);
    slowdown.limited('C1', 1000, 3000);
    slowdown.limited('C1', 1000, 4000);
    expect(slowdown.intervalMs('C1', 4000)).toBe(5000);
    expect(slowdown.intervalMs('C1', 4000 + 60_000)).toBe(100);
  });
});

describe('UpdateBudget', () => {
  it('spends the burst, then spreads the waiting updates one token apart', () => {
    const budget = new UpdateBudget(1, 2);

    expect([budget.take(0), budget.take(0)]).toEqual([0, 0]);
    expect([budget.take(0), budget.take(0), budget.take(0)]).toEqual([1000, 2000, 3000]);
    budget.newRound();
    expect(budget.take(1000)).toBe(0);
  });

  it('pauses every update for Retry-After after a 429', () => {
    const budget = new UpdateBudget(10, 10);
    budget.limited(0, 5000);

    expect(budget.take(1000)).toBe(4000);
    expect(budget.take(1000)).toBe(4100);
    budget.newRound();
    expect(budget.take(5000)).toBe(0);
  });
});

describe('retry policy', () => {
  const policy: RetryPolicy = {
    maxAttempts: 3,
    giveUpAfterMs: 3600_000,
    maxBackoffMs: 60_000,
    random: () => 0.999,
  };
  const job = (attempts: number, ageMs: number) => ({
    attempts,
    createdAt: new Date(Date.UTC(2026, 0, 1) - ageMs),
  });
  const now = new Date(Date.UTC(2026, 0, 1));
  const transient = { kind: 'transient', code: 'http_503', message: 'Service Unavailable' } as const;

  it('backs off exponentially with jitter, capped', () => {
    expect([1, 2, 3, 4].map((attempts) => backoffMs(policy, attempts))).toEqual([1000, 1999, 3998, 7996]);
    expect(backoffMs(policy, 30)).toBe(59_970);
    expect(backoffMs({ ...policy, random: () => 0 }, 1)).toBe(500);
  });

  it('keeps a job through a Slack outage until it is both retried out and old', () => {
    expect(givesUp(policy, job(50, 60_000), transient, now)).toBe(false);
    expect(givesUp(policy, job(2, 7200_000), transient, now)).toBe(false);
    expect(givesUp(policy, job(3, 7200_000), transient, now)).toBe(true);
  });

  it('gives up at once on permanent errors, and on our own failures after the attempts', () => {
    expect(
      givesUp(policy, job(1, 0), { kind: 'permanent', code: 'channel_not_found', message: '' }, now),
    ).toBe(true);
    expect(givesUp(policy, job(3, 0), { kind: 'transient', code: 'internal', message: 'bug' }, now)).toBe(
      true,
    );
  });
});
