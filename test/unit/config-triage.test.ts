/**
 * SLACK_REACTIONS, ESCALATION_GROUPS, RESPONDERS and RESPONDER_GROUP (docs/configuration.md#triage): their defaults,
 * what they accept, and every mistake reported with the variable's name, all at once.
 */
import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/config.js';

const minimal = {
  SLACK_BOT_TOKEN: 'xoxb-1-2-3',
  SLACK_SIGNING_SECRET: 'secret',
  SLACK_DEFAULT_CHANNEL: 'C0123456789',
  INGEST_TOKEN: '0123456789abcdef0123',
};

function triage(env: Record<string, string>): unknown {
  const loaded = loadConfig({ ...minimal, ...env });
  return loaded.ok ? loaded.value.triage : loaded.error;
}

describe('triage configuration', () => {
  it('defaults to :eyes: acknowledge, :white_check_mark: resolve as benign, :rotating_light: escalate', () => {
    expect(triage({})).toEqual({
      reactions: { eyes: 'acknowledge', white_check_mark: 'resolve_benign', rotating_light: 'escalate' },
      escalation: [],
      responders: [],
      responderGroup: undefined,
    });
  });

  it('reads a reaction map (colons allowed), or none at all', () => {
    expect(
      triage({ SLACK_REACTIONS: ':+1:=acknowledge, raising_hand=assign_self,ok=resolve_benign' }),
    ).toMatchObject({
      reactions: { '+1': 'acknowledge', raising_hand: 'assign_self', ok: 'resolve_benign' },
    });
    expect(triage({ SLACK_REACTIONS: 'none' })).toMatchObject({ reactions: {} });
    const map = (triage({ SLACK_REACTIONS: 'constructor=acknowledge' }) as { reactions: object }).reactions;
    expect(Object.hasOwn(map, 'constructor')).toBe(true);
  });

  it('reads escalation rules: a priority (>= by default), a channel, or anything, in order', () => {
    expect(
      triage({
        ESCALATION_GROUPS: 'C0DBTEAM01:S0DBTEAM1, Critical:S0ONCALL1, =Warning:S0SECOPS1, *:S0SECOPS1',
      }),
    ).toMatchObject({
      escalation: [
        { match: { kind: 'channel', channel: 'C0DBTEAM01' }, usergroup: 'S0DBTEAM1' },
        { match: { kind: 'priority', comparator: '>=', priority: 'Critical' }, usergroup: 'S0ONCALL1' },
        { match: { kind: 'priority', comparator: '=', priority: 'Warning' }, usergroup: 'S0SECOPS1' },
        { match: { kind: 'any' }, usergroup: 'S0SECOPS1' },
      ],
    });
  });

  it('reads responders', () => {
    expect(triage({ RESPONDERS: 'U0ALICE001, U0BOB00001', RESPONDER_GROUP: 'S0RESPOND1' })).toMatchObject({
      responders: ['U0ALICE001', 'U0BOB00001'],
      responderGroup: 'S0RESPOND1',
    });
  });

  it('reports every mistake at once, naming the variable', () => {
    expect(
      triage({
        SLACK_REACTIONS:
          'eyes=acknowledge,eyes=escalate,x=resolve_true_positive,Bad Name=acknowledge,y=dance',
        ESCALATION_GROUPS: 'Urgent:S0ONCALL1,Critical:@oncall,Critical',
        RESPONDERS: 'alice',
        RESPONDER_GROUP: '@team',
      }),
    ).toEqual([
      { variable: 'RESPONDERS', message: '"alice" is not a Slack user ID (expected e.g. U0123456789)' },
      { variable: 'RESPONDER_GROUP', message: 'expected a user group ID such as S0123456789' },
      { variable: 'SLACK_REACTIONS', message: ':eyes: is given twice' },
      {
        variable: 'SLACK_REACTIONS',
        message:
          '"x=resolve_true_positive": a true positive needs a note, so it is resolved with the Resolve button, not a reaction',
      },
      {
        variable: 'SLACK_REACTIONS',
        message: '"Bad Name=acknowledge" is not name=action (e.g. eyes=acknowledge)',
      },
      {
        variable: 'SLACK_REACTIONS',
        message: '"y=dance": the action must be one of acknowledge, resolve_benign, escalate, assign_self',
      },
      {
        variable: 'ESCALATION_GROUPS',
        message: expect.stringMatching(/^"Urgent:S0ONCALL1": expected selector:usergroup/),
      },
      {
        variable: 'ESCALATION_GROUPS',
        message: '"Critical:@oncall": "@oncall" is not a user group ID (expected e.g. S0123456789)',
      },
      {
        variable: 'ESCALATION_GROUPS',
        message: expect.stringMatching(/^"Critical": expected selector:usergroup/),
      },
    ]);
  });
});
