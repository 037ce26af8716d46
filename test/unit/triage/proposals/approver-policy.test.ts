import { describe, expect, it } from '@jest/globals';
import {
  createApproverPolicy,
  type DirectoryAnswer,
} from '../../../../src/triage/proposals/approver-policy.js';

function directory(answers: DirectoryAnswer[]) {
  const calls: string[] = [];
  return {
    calls,
    groupMembers: (group: string) => {
      calls.push(group);
      return Promise.resolve(
        answers.length > 1 ? (answers.shift() as DirectoryAnswer) : (answers[0] as DirectoryAnswer),
      );
    },
  };
}

function clockAt(start: number) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

describe('approver policy', () => {
  it('allows the listed approvers without asking Slack', async () => {
    const slack = directory([{ ok: true, members: [] }]);
    const policy = createApproverPolicy({
      approvers: ['U1'],
      group: 'S1',
      directory: slack,
      clock: clockAt(0),
    });

    expect(await policy.check('U1')).toEqual({ ok: true });
    expect(slack.calls).toEqual([]);
  });

  it('allows group members and caches the membership for a few minutes', async () => {
    const slack = directory([{ ok: true, members: ['U2'] }]);
    const clock = clockAt(0);
    const policy = createApproverPolicy({ approvers: [], group: 'S1', directory: slack, clock });

    expect(await policy.check('U2')).toEqual({ ok: true });
    expect((await policy.check('U3')).ok).toBe(false);
    clock.advance(6 * 60_000);
    await policy.check('U2');

    expect(slack.calls).toEqual(['S1', 'S1']);
  });

  it('falls back to APPROVERS, saying why, when the workspace cannot list groups', async () => {
    const policy = createApproverPolicy({
      approvers: ['U1'],
      group: 'S1',
      directory: directory([{ ok: false, kind: 'unsupported', detail: 'plan_upgrade_required' }]),
      clock: clockAt(0),
    });

    const refused = await policy.check('U9');

    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.reason).toContain('plan_upgrade_required');
    expect(!refused.ok && refused.reason).toContain('APPROVERS');
  });

  it('keeps a recent good answer through a short Slack outage, and says when it cannot check', async () => {
    const clock = clockAt(0);
    const slack = directory([
      { ok: true, members: ['U2'] },
      { ok: false, kind: 'unavailable', detail: 'timeout' },
    ]);
    const policy = createApproverPolicy({ approvers: [], group: 'S1', directory: slack, clock });
    await policy.check('U2');
    clock.advance(6 * 60_000);

    expect(await policy.check('U2')).toEqual({ ok: true });
    clock.advance(60 * 60_000);
    const refused = await policy.check('U2');
    expect(!refused.ok && refused.reason).toContain('Try again');
  });

  it('describes who approves', () => {
    const policy = createApproverPolicy({
      approvers: ['U1'],
      group: 'S1',
      directory: directory([]),
      clock: clockAt(0),
    });

    expect(policy.describe()).toBe('members of <!subteam^S1> or <@U1>');
  });
});
