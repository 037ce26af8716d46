/**
 * The per-target entry points of the rollout (per-target.ts): webhook events go to the targets of their repository
 * (one repository may hold several targets' files), and one reconcile job runs every target's pass.
 */
import { describe, expect, it } from '@jest/globals';
import {
  combineReconcilers,
  routeByRepository,
  type Reconciler,
  type Rollout,
} from '../../../../src/triage/rollout/index.js';
import { JOB_RECONCILE } from '../../../../src/triage/rollout/rollout-jobs.js';
import type { RolloutResult } from '../../../../src/triage/rollout/rollout-move.js';

/** A rollout that records the events it is given and answers `result`. */
function recording(result: RolloutResult): Rollout & { readonly seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    handle: (event) => {
      seen.push(event.deliveryId);
      return Promise.resolve(result);
    },
    pullRequestSeen: () => Promise.resolve(result),
    recordDeploy: () => Promise.resolve(result),
  };
}

const run = {
  id: 1,
  number: 1,
  name: 'Falco rules',
  event: 'push',
  headBranch: 'main',
  headSha: 'abc',
  status: 'completed',
  conclusion: 'success',
  url: 'https://github.com/acme/rules/actions/runs/1',
  createdAt: '2026-08-13T00:00:00Z',
};

describe('routeByRepository', () => {
  it('hands an event to every target of its repository, answering with the one that acted', async () => {
    const ignoring = recording({ outcome: 'ignored', detail: 'not mine' });
    const acting = recording({
      outcome: 'changed',
      proposalId: 'p1',
      status: 'deployed',
      detail: 'deployed',
    });
    const other = recording({ outcome: 'changed', detail: 'wrong repository' });
    const routes = routeByRepository([
      { falcoTarget: 'eu', repository: 'acme/rules', rollout: ignoring },
      { falcoTarget: 'us', repository: 'acme/rules', rollout: acting },
      { falcoTarget: 'lab', repository: 'acme/lab-rules', rollout: other },
    ]);

    const result = await routes.handle({
      kind: 'workflow_run',
      deliveryId: 'd1',
      run,
      repository: 'ACME/Rules',
    });

    expect(result).toMatchObject({ outcome: 'changed', proposalId: 'p1' });
    expect([ignoring.seen, acting.seen, other.seen]).toEqual([['d1'], ['d1'], []]);
    expect(
      await routes.handle({ kind: 'workflow_run', deliveryId: 'd2', run, repository: 'acme/else' }),
    ).toEqual({
      outcome: 'ignored',
      detail: "acme/else is no target's repository",
    });
    expect((await routes.handle({ kind: 'ping', deliveryId: 'd3' })).outcome).toBe('ignored');
  });
});

describe('combineReconcilers', () => {
  function part(checked: number, problem?: string): Reconciler & { readonly passes: number[] } {
    const passes: number[] = [];
    return {
      passes,
      runOnce: () => {
        passes.push(checked);
        return Promise.resolve({ checked, changed: [], problems: problem === undefined ? [] : [problem] });
      },
      request: () => Promise.resolve(),
      handlers: {},
      start: () => undefined,
      stop: () => Promise.resolve(),
    };
  }

  it('runs every target’s pass in one reconcile job and adds up what they found', async () => {
    const staging = part(2, 'staging: GitHub unavailable');
    const production = part(3);
    const combined = combineReconcilers([staging, production]);

    expect(await combined?.runOnce()).toEqual({
      checked: 5,
      changed: [],
      problems: ['staging: GitHub unavailable'],
    });
    const handler = combined?.handlers[JOB_RECONCILE];
    expect(handler).toBeDefined();
    expect(staging.passes).toEqual([2]);
  });

  it('is the one reconciler itself with one target, and nothing without any', () => {
    const only = part(1);
    expect(combineReconcilers([only])).toBe(only);
    expect(combineReconcilers([])).toBeUndefined();
  });
});
