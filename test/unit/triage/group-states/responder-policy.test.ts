/**
 * Who may triage: any full member by default; RESPONDERS, RESPONDER_GROUP's members and the approvers when set;
 * never guests, bots or deactivated accounts. Answers from Slack are cached for a few minutes, an outage is said as
 * such, and a group the workspace cannot list counts as empty.
 */
import { describe, expect, it } from '@jest/globals';
import { err, ok } from '../../../../src/result.js';
import { createResponderPolicy } from '../../../../src/triage/group-states/index.js';
import { InMemoryPeople } from '../../../doubles/in-memory-people.js';
import { testClock } from '../workflow-fixture.js';

const noApprovers = { check: () => Promise.resolve(err('not an approver')) };

function people(): InMemoryPeople {
  return new InMemoryPeople({
    people: {
      U1: {},
      U2: {},
      U3: {},
      UGUEST: { guest: true },
      UBOT: { bot: true },
      UGONE: { deactivated: true },
    },
    groups: { S1: ['U2'] },
  });
}

describe('responder policy', () => {
  it('lets any full member triage when no responders are set, but never a guest, bot or deactivated account', async () => {
    const policy = createResponderPolicy({
      responders: [],
      group: undefined,
      approvers: noApprovers,
      directory: people(),
      clock: testClock(),
    });

    expect(await policy.mayTriage('U3')).toEqual(ok(undefined));
    expect(await policy.mayTriage('UGUEST')).toEqual(err({ code: 'guest' }));
    expect(await policy.mayTriage('UBOT')).toEqual(err({ code: 'bot' }));
    expect(await policy.mayTriage('UGONE')).toEqual(err({ code: 'deactivated' }));
    expect(await policy.mayBeAssigned('UGUEST')).toEqual(err({ code: 'guest' }));
  });

  it('lets RESPONDERS, the group’s members and the approvers triage when responders are set', async () => {
    const policy = createResponderPolicy({
      responders: ['U1'],
      group: 'S1',
      approvers: { check: (user) => Promise.resolve(user === 'U3' ? ok(undefined) : err('no')) },
      directory: people(),
      clock: testClock(),
    });

    expect(await policy.mayTriage('U1')).toEqual(ok(undefined));
    expect(await policy.mayTriage('U2')).toEqual(ok(undefined));
    expect(await policy.mayTriage('U3')).toEqual(ok(undefined));
    const outsider = new InMemoryPeople({ people: { U4: {} }, groups: { S1: ['U2'] } });
    const strict = createResponderPolicy({
      responders: ['U1'],
      group: 'S1',
      approvers: noApprovers,
      directory: outsider,
      clock: testClock(),
    });
    expect(await strict.mayTriage('U4')).toEqual(
      err({ code: 'not_a_responder', responders: { users: ['U1'], group: 'S1' } }),
    );
  });

  it('asks Slack about a person and the group once per few minutes', async () => {
    const directory = people();
    const clock = testClock();
    const policy = createResponderPolicy({
      responders: [],
      group: 'S1',
      approvers: noApprovers,
      directory,
      clock,
    });

    await policy.mayTriage('U2');
    await policy.mayTriage('U2');
    clock.advance(6 * 60_000);
    await policy.mayTriage('U2');

    expect(directory.asked).toEqual(['person:U2', 'group:S1', 'person:U2', 'group:S1']);
  });

  it('says Slack could not be asked, and counts a group the workspace cannot list as empty', async () => {
    const down = people();
    down.failWith({ kind: 'unavailable', detail: 'timeout' });
    const policy = createResponderPolicy({
      responders: [],
      group: undefined,
      approvers: noApprovers,
      directory: down,
      clock: testClock(),
    });
    expect(await policy.mayTriage('U1')).toEqual(err({ code: 'person_check_failed', detail: 'timeout' }));

    const unlistable = createResponderPolicy({
      responders: [],
      group: 'S0MISSING',
      approvers: noApprovers,
      directory: people(),
      clock: testClock(),
    });
    expect(await unlistable.mayTriage('U1')).toEqual(
      err({ code: 'not_a_responder', responders: { users: [], group: 'S0MISSING' } }),
    );
  });
});
