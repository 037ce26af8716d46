import { describe, expect, it } from '@jest/globals';
import {
  coversMerge,
  deployVerdict,
  isDeployRun,
  needsMergeTime,
  runOutcome,
} from '../../../../src/triage/rollout/deploy-runs.js';
import type { WorkflowRunState } from '../../../../src/triage/ports/rules-repository-port.js';

const WORKFLOW = { workflowName: 'Falco rules', baseBranch: 'main' };
const M = 'a'.repeat(40);

function run(number: number, over: Partial<WorkflowRunState> = {}): WorkflowRunState {
  return {
    id: 1000 + number,
    number,
    name: 'Falco rules',
    event: 'push',
    headBranch: 'main',
    headSha: `${number}`.padStart(40, '0'),
    status: 'completed',
    conclusion: 'success',
    url: `https://github.com/acme/falco-rules/actions/runs/${1000 + number}`,
    createdAt: `2026-09-01T10:00:${String(number).padStart(2, '0')}Z`,
    ...over,
  };
}

describe('deploy runs', () => {
  it('only push and manual runs of the deploy workflow on the base branch deploy', () => {
    expect(isDeployRun(run(1), WORKFLOW)).toBe(true);
    expect(isDeployRun(run(1, { event: 'workflow_dispatch' }), WORKFLOW)).toBe(true);
    expect(isDeployRun(run(1, { event: 'pull_request' }), WORKFLOW)).toBe(false);
    expect(isDeployRun(run(1, { headBranch: 'falco-triage/exception-x' }), WORKFLOW)).toBe(false);
    expect(isDeployRun(run(1, { name: 'Docs' }), WORKFLOW)).toBe(false);
  });

  it('reads conclusions: success, failures, and ones that say nothing', () => {
    expect(runOutcome(run(1))).toBe('success');
    for (const conclusion of ['failure', 'cancelled', 'timed_out', 'startup_failure'])
      expect(runOutcome(run(1, { conclusion }))).toBe('failed');
    expect(runOutcome(run(1, { conclusion: 'skipped' }))).toBeUndefined();
    expect(runOutcome(run(1, { status: 'in_progress', conclusion: null }))).toBeUndefined();
  });

  it('a merge is deployed by its own run, or by a later one (run number when its own run is known, else time)', () => {
    const own = run(5, { headSha: M, conclusion: 'cancelled' });
    const merge = { mergeCommitSha: M, mergedAt: '2026-09-01T10:00:05Z' };
    expect(coversMerge(own, merge, own)).toBe(true);
    expect(coversMerge(run(6), merge, own)).toBe(true);
    // Created in the same second as the merge, but before the merge's own run: an earlier commit.
    expect(coversMerge(run(4, { createdAt: '2026-09-01T10:00:05Z' }), merge, own)).toBe(false);
    // Without the own run, the same second is ambiguous: not a deploy (waiting is safe, a false "live" is not).
    expect(coversMerge(run(4, { createdAt: '2026-09-01T10:00:05Z' }), merge, undefined)).toBe(false);
    expect(coversMerge(run(4, { createdAt: '2026-09-01T10:00:06Z' }), merge, undefined)).toBe(true);
    expect(coversMerge(run(4), merge, undefined)).toBe(false);
    expect(coversMerge(run(9), { mergeCommitSha: M, mergedAt: null }, undefined)).toBe(false);
  });

  it('any covering success deploys (the earliest is reported); else the latest covering failure', () => {
    const merge = { mergeCommitSha: M, mergedAt: '2026-09-01T10:00:05Z' };
    const own = run(5, { headSha: M, conclusion: 'cancelled' });
    expect(deployVerdict(merge, [run(4), own])).toEqual({ kind: 'failed', run: own });
    expect(deployVerdict(merge, [run(8), run(7, { conclusion: 'failure' }), run(6), own, run(4)])).toEqual({
      kind: 'deployed',
      run: run(6),
    });
    expect(deployVerdict(merge, [run(7, { conclusion: 'failure' }), own])).toEqual({
      kind: 'failed',
      run: run(7, { conclusion: 'failure' }),
    });
    expect(
      deployVerdict(merge, [run(4), run(5, { headSha: M, status: 'queued', conclusion: null })]),
    ).toEqual({
      kind: 'waiting',
    });
    expect(needsMergeTime(merge, [run(4)])).toBe(true);
    expect(needsMergeTime(merge, [run(4), own])).toBe(false);
    expect(needsMergeTime(merge, [run(4, { status: 'in_progress', conclusion: null })])).toBe(false);
  });
});
