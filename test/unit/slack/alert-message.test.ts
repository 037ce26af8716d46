import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseAlert } from '../../../src/falco/alert/schema.js';
import {
  ACTION_ACK,
  ACTION_EXPLAIN,
  ACTION_MARK_FP,
  alertMessage,
} from '../../../src/slack/alert-message.js';
import type { GroupView } from '../../../src/triage/ports/group-view.js';
import { BLOCK_KIT_LIMITS, validateBlocks } from '../../../src/stand-ins/slack/index.js';
import { totalText } from '../../../src/stand-ins/slack/block-kit-limits.js';
import { alertFixture } from '../../helpers/fixtures.js';

const NOW = Date.parse('2026-08-13T02:00:00Z');

function viewOf(prefix: string, changes: Partial<GroupView> = {}): GroupView {
  const parsed = parseAlert(alertFixture(prefix));
  if (!parsed.ok) throw new Error('fixture does not parse');
  const alert = parsed.value;
  return {
    groupId: 'grp_1',
    fingerprint: '0123456789abcdef',
    rule: alert.rule,
    priority: alert.priority,
    source: alert.source,
    hostname: alert.hostname,
    tags: alert.tags,
    message: alert.message,
    fields: alert.fields,
    identityFields: ['container.image.repository', 'proc.name', 'fd.name'],
    count: 1,
    firstSeenMs: alert.time.epochMs,
    lastSeenMs: alert.time.epochMs,
    acknowledged: undefined,
    muted: undefined,
    proposal: undefined,
    proposalsAvailable: true,
    ...changes,
  };
}

function texts(blocks: readonly unknown[]): string {
  return JSON.stringify(blocks);
}

describe('alertMessage', () => {
  it('shows the rule, output, typed fields, context and the three buttons', () => {
    const message = alertMessage(viewOf('029', { count: 143 }), NOW);

    expect(validateBlocks(message.blocks, 'message')).toEqual([]);
    expect(message.text).toBe('Warning: Read sensitive file untrusted ×143 on colima-detonate-probe');
    expect(message.blocks[0]).toMatchObject({
      type: 'header',
      text: { text: expect.stringContaining('Warning') },
    });
    const json = texts(message.blocks);
    expect(json).toContain('*proc.tty*\\n`0`');
    expect(json).toContain('*k8s.ns.name*\\n`&lt;NA&gt;`');
    expect(json).toContain('*×143*');
    const actions = message.blocks.at(-1) as { elements: { action_id: string; value: string }[] };
    expect(actions.elements.map((element) => element.action_id)).toEqual([
      ACTION_MARK_FP,
      ACTION_EXPLAIN,
      ACTION_ACK,
    ]);
    expect(actions.elements.every((element) => element.value === 'grp_1')).toBe(true);
  });

  it('puts the identity fields first', () => {
    const message = alertMessage(viewOf('029'), NOW);
    const firstFields = (message.blocks.find((block) => 'fields' in block) as { fields: { text: string }[] })
      .fields;

    expect(firstFields.slice(0, 3).map((field) => field.text.split('\n')[0])).toEqual([
      '*container.image.repository*',
      '*proc.name*',
      '*fd.name*',
    ]);
  });

  it('replaces the Acknowledge button by who acknowledged', () => {
    const message = alertMessage(viewOf('029', { acknowledged: { by: 'U0ONCALL1', atMs: NOW } }), NOW);

    expect(texts(message.blocks)).toContain('Acknowledged by <@U0ONCALL1>');
    expect(texts(message.blocks)).not.toContain(ACTION_ACK);
  });

  it('escapes values that would ping or link', () => {
    const view = viewOf('029', { fields: { 'proc.cmdline': '<!channel> <https://evil.example|click> `x`' } });
    const json = texts(alertMessage(view, NOW).blocks);

    expect(json).not.toContain('<!channel>');
    expect(json).toContain('&lt;!channel&gt;');
  });

  it('stays inside every Block Kit limit whatever the alert carries', () => {
    const value = fc.oneof(
      fc.string({ maxLength: 5000 }),
      fc.integer(),
      fc.constant(null),
      fc.array(fc.string({ maxLength: 50 }), { maxLength: 5 }),
    );
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 300 }), value, { maxKeys: 120 }),
        fc.string({ maxLength: 20000 }),
        fc.string({ minLength: 1, maxLength: 400 }),
        (fields, message, rule) => {
          const result = alertMessage(viewOf('029', { fields, message, rule, tags: [rule, rule] }), NOW);
          expect(validateBlocks(result.blocks, 'message')).toEqual([]);
          expect(totalText(result.blocks)).toBeLessThanOrEqual(BLOCK_KIT_LIMITS.messageBlocksTotalText);
        },
      ),
      { numRuns: 150 },
    );
  });
});
