/**
 * The triage words of the Slack adapter: every refusal code as people read it, the resolve form as Slack accepts
 * it, and the triage part of `/falco status` (escaped, within limits).
 */
import { describe, expect, it } from '@jest/globals';
import {
  readResolveForm,
  RESOLVE_NOTE,
  RESOLVE_VERDICT,
  resolveModal,
} from '../../../src/slack/resolve-modal.js';
import { triageStatusBlocks } from '../../../src/slack/status-triage.js';
import { triageRefusalText } from '../../../src/slack/triage-refusal-text.js';
import {
  UNTRIAGED,
  type TriagedGroup,
  type TriageRefusal,
  type TriageRefusalCode,
} from '../../../src/triage/ports/index.js';
import { validateBlocks, validateView } from '../../../src/stand-ins/slack/index.js';

const AT = new Date('2026-09-01T10:00:00Z');

/** At least one case per code: the type makes a missing code a compile error. */
const CASES: {
  readonly [C in TriageRefusalCode]: readonly (readonly [Extract<TriageRefusal, { code: C }>, string])[];
} = {
  group_not_found: [
    [{ code: 'group_not_found' }, 'This alert is no longer in falco-triage (it may have been pruned).'],
  ],
  triage_not_allowed: [
    [
      {
        code: 'triage_not_allowed',
        action: 'acknowledge',
        refusal: { code: 'not_a_responder', responders: { users: ['U1'], group: 'S1' } },
      },
      'You cannot acknowledge alerts here: only members of <!subteam^S1>, <@U1>, the approvers can (RESPONDERS, RESPONDER_GROUP). Nothing was changed.',
    ],
    [
      { code: 'triage_not_allowed', action: 'resolve', refusal: { code: 'guest' } },
      'You cannot resolve alerts here: you are a guest of this workspace. Nothing was changed.',
    ],
    [
      {
        code: 'triage_not_allowed',
        action: 'escalate',
        refusal: { code: 'person_check_failed', detail: '<timeout>' },
      },
      'You cannot escalate alerts here: Slack could not be asked just now (&lt;timeout&gt;); try again in a minute. Nothing was changed.',
    ],
  ],
  assignee_not_allowed: [
    [
      { code: 'assignee_not_allowed', assignee: 'U0BOT', refusal: { code: 'bot' } },
      '<@U0BOT> cannot be assigned this alert: that is an app, not a person.',
    ],
    [
      { code: 'assignee_not_allowed', assignee: 'U0GONE', refusal: { code: 'deactivated' } },
      '<@U0GONE> cannot be assigned this alert: their account is deactivated.',
    ],
  ],
  already_acknowledged: [
    [{ code: 'already_acknowledged', by: 'U1', at: AT }, 'Already acknowledged by <@U1>.'],
  ],
  not_acknowledged: [[{ code: 'not_acknowledged' }, 'This alert is not acknowledged.']],
  already_resolved: [
    [
      { code: 'already_resolved', resolution: 'true_positive', by: 'U2', at: AT },
      'Already resolved as a true positive by <@U2>. Reopen it first.',
    ],
  ],
  not_resolved: [[{ code: 'not_resolved' }, 'This alert is not resolved.']],
  already_assigned: [[{ code: 'already_assigned', assignee: 'U3' }, 'Already assigned to <@U3>.']],
  not_assigned: [[{ code: 'not_assigned' }, 'This alert is not assigned to anyone.']],
  already_escalated: [
    [
      { code: 'already_escalated', usergroup: 'S1', by: 'U1', at: AT },
      'Already escalated by <@U1>: the on-call group was notified then, and is not notified twice.',
    ],
  ],
  escalation_not_configured: [
    [
      { code: 'escalation_not_configured', priority: 'Notice', channel: 'C1' },
      'No on-call group is set up for Notice alerts in <#C1>: the falco-triage admin sets ESCALATION_GROUPS.',
    ],
  ],
  note_required: [
    [{ code: 'note_required' }, 'Say what was found and what was done: a true positive needs a note.'],
  ],
  note_too_long: [[{ code: 'note_too_long', max: 2000 }, 'Keep the note under 2000 characters.']],
  not_yours: [[{ code: 'not_yours', by: 'U1' }, "That was <@U1>'s decision, not yours to undo."]],
};

describe('triage refusals in Slack', () => {
  it.each(
    Object.values(CASES)
      .flat()
      .map(([refusal, text]) => [refusal.code, refusal, text] as const),
  )('%s: %j', (_code, refusal, text) => {
    expect(triageRefusalText(refusal)).toBe(text);
  });
});

describe('the resolve form', () => {
  it('is a modal Slack accepts, with the rule escaped, and reads back what was chosen', () => {
    const modal = resolveModal('group-1', '<!channel> rule');

    expect(validateView(modal)).toEqual([]);
    expect(JSON.stringify(modal)).toContain('&lt;!channel&gt; rule');
    expect(
      readResolveForm({
        [RESOLVE_VERDICT]: { [RESOLVE_VERDICT]: { selected_option: { value: 'true_positive' } } },
        [RESOLVE_NOTE]: { [RESOLVE_NOTE]: { value: 'pod killed' } },
      }),
    ).toEqual({ resolution: 'true_positive', note: 'pod killed' });
    expect(readResolveForm({ [RESOLVE_NOTE]: { [RESOLVE_NOTE]: { value: null } } })).toEqual({
      resolution: 'benign',
      note: undefined,
    });
  });
});

describe('triage in /falco status', () => {
  const group = (changes: Partial<TriagedGroup>): TriagedGroup => ({
    groupId: 'g',
    rule: '<!here> Read sensitive file',
    channel: 'C1',
    slackTs: '1.2',
    count: 4,
    lastSeen: AT,
    status: 'open',
    triage: UNTRIAGED,
    ...changes,
  });

  it('counts, lists what needs someone and the latest resolutions, escaped and within limits', () => {
    const blocks = triageStatusBlocks(
      {
        open: 1,
        acknowledged: 1,
        escalated: 1,
        resolvedBenign: 2,
        resolvedTruePositive: 0,
        attention: [
          group({
            status: 'acknowledged',
            triage: {
              ...UNTRIAGED,
              acknowledged: { by: 'U1', at: AT },
              escalation: { usergroup: 'S1', by: 'U1', at: AT, announcedTs: undefined },
            },
          }),
          group({}),
        ],
        resolved: [
          group({
            status: 'resolved',
            triage: { ...UNTRIAGED, resolution: { kind: 'benign', note: 'backup <job>', by: 'U2', at: AT } },
          }),
        ],
      },
      AT.getTime(),
    );
    const json = JSON.stringify(blocks);

    expect(validateBlocks(blocks, 'message')).toEqual([]);
    expect(json).toContain(
      '1 not acknowledged · 1 acknowledged · 1 escalated · resolved: 2 benign, 0 true positive',
    );
    expect(json).toContain(
      ':rotating_light: *&lt;!here&gt; Read sensitive file* in <#C1> ×4 · escalated by <@U1>',
    );
    expect(json).toContain(':bell: *&lt;!here&gt; Read sensitive file* in <#C1> ×4 · not acknowledged');
    expect(json).toContain(':white_check_mark: benign by <@U2>');
    expect(json).toContain('backup &lt;job&gt;');
    expect(json).not.toContain('<!here>');
  });
});
