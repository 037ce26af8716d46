import { describe, expect, it } from '@jest/globals';
import { err, ok } from '../../../../src/result.js';
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
    const slack = directory([ok([])]);
    const policy = createApproverPolicy({
      approvers: ['U1'],
      group: 'S1',
      directory: slack,
      clock: clockAt(0),
    });

    expect(await policy.check('U1')).toEqual(ok(undefined));
    expect(slack.calls).toEqual([]);
  });

  it('allows group members and caches the membership for a few minutes', async () => {
    const slack = directory([ok(['U2'])]);
    const clock = clockAt(0);
    const policy = createApproverPolicy({ approvers: [], group: 'S1', directory: slack, clock });

    expect(await policy.check('U2')).toEqual(ok(undefined));
    expect(await policy.check('U3')).toEqual(
      err({ code: 'not_an_approver', approvers: { users: [], group: 'S1' } }),
    );
    clock.advance(6 * 60_000);
    await policy.check('U2');

    expect(slack.calls).toEqual(['S1', 'S1']);
  });

  it('falls back to APPROVERS, saying why, when the workspace cannot list groups', async () => {
    const policy = createApproverPolicy({
      approvers: ['U1'],
      group: 'S1',
      directory: directory([err({ kind: 'unsupported', detail: 'plan_upgrade_required' })]),
      clock: clockAt(0),
    });

    const refused = await policy.check('U9');

    expect(refused).toEqual(
      err({
        code: 'approver_group_unlistable',
        detail: 'plan_upgrade_required',
        approvers: { users: ['U1'], group: 'S1' },
      }),
    );
  });

  it('keeps a recent good answer through a short Slack outage, and says when it cannot check', async () => {
    const clock = clockAt(0);
    const slack = directory([ok(['U2']), err({ kind: 'unavailable', detail: 'timeout' })]);
    const policy = createApproverPolicy({ approvers: [], group: 'S1', directory: slack, clock });
    await policy.check('U2');
    clock.advance(6 * 60_000);

    expect(await policy.check('U2')).toEqual(ok(undefined));
    clock.advance(60 * 60_000);
    expect(await policy.check('U2')).toEqual(err({ code: 'approver_check_failed', detail: 'timeout' }));
  });

  it('refuses everyone but APPROVERS when no group is set, and says when nobody is configured', async () => {
    const listed = createApproverPolicy({
      approvers: ['U1'],
      group: undefined,
      directory: directory([]),
      clock: clockAt(0),
    });
    const nobody = createApproverPolicy({
      approvers: [],
      group: undefined,
      directory: directory([]),
      clock: clockAt(0),
    });

    expect(await listed.check('U2')).toEqual(
      err({ code: 'not_an_approver', approvers: { users: ['U1'], group: undefined } }),
    );
    expect(await nobody.check('U2')).toEqual(err({ code: 'no_approvers_configured' }));
  });

  it('says who approves', () => {
    const policy = createApproverPolicy({
      approvers: ['U1'],
      group: 'S1',
      directory: directory([]),
      clock: clockAt(0),
    });

    expect(policy.approvers).toEqual({ users: ['U1'], group: 'S1' });
  });
});
