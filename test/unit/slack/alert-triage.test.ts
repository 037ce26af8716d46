/**
 * The triage part of an alert message: the controls offered in each status, the state line (with the resolver's
 * note escaped), the escalation said without mentioning the group again, and Block Kit's limits whatever the note.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseAlert } from '../../../src/falco/alert/schema.js';
import { alertMessage } from '../../../src/slack/alert-message.js';
import {
  ACTION_ACK,
  ACTION_ASSIGN,
  ACTION_ASSIGN_ME,
  ACTION_ESCALATE,
  ACTION_REOPEN,
  ACTION_RESOLVE,
  ACTION_UNACK,
  ACTION_UNASSIGN,
  groupOfBlock,
} from '../../../src/slack/alert-triage.js';
import type { GroupTriageView, GroupView } from '../../../src/triage/ports/index.js';
import { BLOCK_KIT_LIMITS, validateBlocks } from '../../../src/stand-ins/slack/index.js';
import { totalText } from '../../../src/stand-ins/slack/block-kit-limits.js';
import { alertFixture } from '../../helpers/fixtures.js';

const NOW = Date.parse('2026-09-01T10:00:00Z');
const OPEN: GroupTriageView = {
  status: 'open',
  assignee: undefined,
  resolution: undefined,
  escalation: undefined,
  canEscalate: true,
};

function view(triage: GroupTriageView, changes: Partial<GroupView> = {}): GroupView {
  const parsed = parseAlert(alertFixture('029'));
  if (!parsed.ok) throw new Error('fixture does not parse');
  const alert = parsed.value;
  return {
    groupId: '0198a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    fingerprint: '0123456789abcdef',
    rule: alert.rule,
    priority: alert.priority,
    source: alert.source,
    hostname: alert.hostname,
    tags: alert.tags,
    message: alert.message,
    fields: alert.fields,
    identityFields: ['container.image.repository', 'proc.name', 'fd.name'],
    count: 3,
    firstSeenMs: NOW - 60_000,
    lastSeenMs: NOW,
    acknowledged: undefined,
    muted: undefined,
    proposal: undefined,
    proposalsAvailable: true,
    triage,
    ...changes,
  };
}

function actionIds(message: ReturnType<typeof alertMessage>): string[] {
  const actions = message.blocks.at(-1) as { elements: { action_id: string }[] };
  return actions.elements.map((element) => element.action_id);
}

describe('an alert message’s triage controls', () => {
  it('offers Acknowledge, Resolve, Escalate and assignment on an open alert', () => {
    const message = alertMessage(view(OPEN), NOW);

    expect(validateBlocks(message.blocks, 'message')).toEqual([]);
    expect(actionIds(message)).toEqual([
      'alert_fp',
      'alert_explain',
      ACTION_ACK,
      ACTION_RESOLVE,
      ACTION_ESCALATE,
      ACTION_ASSIGN_ME,
      ACTION_ASSIGN,
    ]);
    const actions = message.blocks.at(-1) as { block_id: string };
    expect(groupOfBlock(actions.block_id)).toBe('0198a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b');
    expect(groupOfBlock('fp_fields')).toBeUndefined();
  });

  it('offers Undo acknowledge and Unassign once acknowledged and assigned, and no Escalate when none is set up', () => {
    const triage: GroupTriageView = {
      ...OPEN,
      status: 'acknowledged',
      assignee: { user: 'U0DAVE0001', by: 'U0ALICE001', atMs: NOW },
      canEscalate: false,
    };
    const message = alertMessage(view(triage, { acknowledged: { by: 'U0ALICE001', atMs: NOW } }), NOW);
    const json = JSON.stringify(message.blocks);

    expect(actionIds(message)).toEqual([
      'alert_fp',
      'alert_explain',
      ACTION_UNACK,
      ACTION_RESOLVE,
      ACTION_UNASSIGN,
      ACTION_ASSIGN,
    ]);
    expect(json).toContain('Acknowledged by <@U0ALICE001>');
    expect(json).toContain('Assigned to <@U0DAVE0001> by <@U0ALICE001>');
    expect(json).toContain('"initial_user":"U0DAVE0001"');
  });

  it('shows a resolution with its note escaped, and offers Reopen only', () => {
    const triage: GroupTriageView = {
      ...OPEN,
      status: 'resolved',
      resolution: {
        kind: 'true_positive',
        note: '<!channel> miner & <https://x|link>',
        by: 'U0BOB00001',
        atMs: NOW,
      },
      escalation: { usergroup: 'S0ONCALL1', by: 'U0ALICE001', atMs: NOW },
      canEscalate: false,
    };
    const message = alertMessage(view(triage, { acknowledged: { by: 'U0ALICE001', atMs: NOW } }), NOW);
    const json = JSON.stringify(message.blocks);

    expect(actionIds(message)).toEqual(['alert_fp', 'alert_explain', ACTION_REOPEN]);
    expect(json).toContain(':shield: Resolved as a true positive by <@U0BOB00001>');
    expect(json).not.toContain('Acknowledged by');
    expect(json).toContain('&lt;!channel&gt; miner &amp; &lt;https://x|link&gt;');
    expect(json).not.toContain('<!channel>');
    // Escalated, said in words: the group is mentioned in the thread only, once.
    expect(json).toContain('Escalated by <@U0ALICE001>');
    expect(json).not.toContain('subteam');
  });

  it('stays inside every Block Kit limit whatever the note', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 4000 }),
        fc.string({ minLength: 1, maxLength: 400 }),
        (note, rule) => {
          const triage: GroupTriageView = {
            ...OPEN,
            status: 'resolved',
            resolution: { kind: 'benign', note, by: 'U0BOB00001', atMs: NOW },
          };
          const message = alertMessage(view(triage, { rule }), NOW);
          expect(validateBlocks(message.blocks, 'message')).toEqual([]);
          expect(totalText(message.blocks)).toBeLessThanOrEqual(BLOCK_KIT_LIMITS.messageBlocksTotalText);
        },
      ),
      { numRuns: 100 },
    );
  });
});
