/** The looks a route can ask for (routes file `message:`): fields, unknown values, times, links, compact form. */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseAlert } from '../../../src/falco/alert/schema.js';
import { alertMessage } from '../../../src/slack/alert-message.js';
import type { GroupView, MessageStyle } from '../../../src/triage/ports/index.js';
import { DEFAULT_MESSAGE_STYLE } from '../../../src/triage/alerts/index.js';
import { BLOCK_KIT_LIMITS, validateBlocks } from '../../../src/stand-ins/slack/index.js';
import { totalText } from '../../../src/stand-ins/slack/block-kit-limits.js';
import { alertFixture } from '../../helpers/fixtures.js';

const NOW = Date.parse('2026-08-13T02:00:00Z');

function viewOf(style: Partial<MessageStyle>, changes: Partial<GroupView> = {}): GroupView {
  const parsed = parseAlert(alertFixture('029'));
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
    fields: alert.outputFields,
    identityFields: ['proc.name', 'fd.name'],
    count: 3,
    firstSeenMs: alert.time.epochMs,
    lastSeenMs: alert.time.epochMs,
    acknowledged: undefined,
    muted: undefined,
    proposal: undefined,
    proposalsAvailable: true,
    style: { ...DEFAULT_MESSAGE_STYLE, ...style },
    time: { iso: alert.time.iso, epochMs: alert.time.epochMs },
    ...changes,
  };
}

const json = (value: unknown): string => JSON.stringify(value);

describe('alert message styles', () => {
  it('keeps the fingerprint out of sight unless the route asks for it', () => {
    expect(json(alertMessage(viewOf({}), NOW).blocks)).not.toContain('0123456789abcdef');
    expect(json(alertMessage(viewOf({ showFingerprint: true }), NOW).blocks)).toContain('0123456789abcdef');
  });

  it('shows the fields the route names, in its order, and hides unknown values when asked', () => {
    const message = alertMessage(
      viewOf({ fields: ['fd.name', 'k8s.ns.name', 'proc.name'], hideUnknown: true }),
      NOW,
    );
    const text = json(message.blocks);
    expect(text.indexOf('*fd.name*')).toBeLessThan(text.indexOf('*proc.name*'));
    expect(text).not.toContain('k8s.ns.name'); // <NA> in this alert
    expect(text).not.toContain('*proc.tty*'); // not chosen
    expect(text).not.toContain('more field');
  });

  it('shows an event time in nanoseconds as a time, every digit kept', () => {
    const view = viewOf(
      {},
      { fields: { 'evt.time': 1786586443768877945n, 'proc.pid': 1786586443768877945n } },
    );
    const text = json(alertMessage(view, NOW).blocks);
    expect(text).toContain('2026-08-13 02:00:43.768877945 UTC');
    // Only time fields are times.
    expect(text).toContain('`1786586443768877945`');
  });

  it('fills link templates from the alert, URL-encoded, and leaves out a link it cannot fill', () => {
    const view = viewOf(
      {
        links: [
          { text: 'Runbook', url: 'https://runbooks.example.com/falco/{rule_slug}' },
          {
            text: 'Logs',
            url: 'https://grafana.example.com/explore?from={from_ms}&to={to_ms}&q={field:proc.cmdline}',
          },
          { text: 'Pod', url: 'https://k8s.example.com/{field:k8s.pod.name}' },
          { text: 'Shells only', url: 'https://x.example.com/', rules: ['Terminal shell*'] },
        ],
      },
      { fields: { 'proc.cmdline': 'cat |x> &y', 'k8s.pod.name': null } },
    );
    const text = json(alertMessage(view, NOW).blocks);
    const ms = view.time?.epochMs ?? 0;
    expect(text).toContain('<https://runbooks.example.com/falco/read-sensitive-file-untrusted|Runbook>');
    expect(text).toContain(
      `<https://grafana.example.com/explore?from=${ms - 300_000}&amp;to=${ms + 300_000}&amp;q=cat%20%7Cx%3E%20%26y|Logs>`,
    );
    expect(text).not.toContain('|Pod>');
    expect(text).not.toContain('Shells only');
  });

  it('posts the compact form in a section, a context line, and the buttons', () => {
    const message = alertMessage(viewOf({ form: 'compact', fields: ['proc.name', 'fd.name'] }), NOW);
    expect(validateBlocks(message.blocks, 'message')).toEqual([]);
    expect(message.blocks.map((block) => block.type)).toEqual(['section', 'context', 'actions']);
    const section = json(message.blocks[0]);
    expect(section).toContain('Read sensitive file untrusted');
    expect(section).toContain('*×3*');
    expect(section).toContain('proc.name `');
    expect(section.split('\\n')).toHaveLength(2);
  });

  it('stays inside every Block Kit limit in both forms, whatever the alert and the style', () => {
    const value = fc.oneof(fc.string({ maxLength: 5000 }), fc.integer(), fc.constant(null));
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 300 }), value, { maxKeys: 80 }),
        fc.string({ maxLength: 20000 }),
        fc.constantFrom<'full' | 'compact'>('full', 'compact'),
        fc.boolean(),
        (fields, message, form, hideUnknown) => {
          const keys = Object.keys(fields).slice(0, 40);
          const style: Partial<MessageStyle> = {
            form,
            hideUnknown,
            showFingerprint: true,
            ...(keys.length > 0 ? { fields: keys } : {}),
            links: keys
              .slice(0, 5)
              .map((key) => ({ text: 'Link', url: `https://example.com/?v={field:${key}}` })),
          };
          const result = alertMessage(viewOf(style, { fields, message }), NOW);
          expect(validateBlocks(result.blocks, 'message')).toEqual([]);
          expect(totalText(result.blocks)).toBeLessThanOrEqual(BLOCK_KIT_LIMITS.messageBlocksTotalText);
        },
      ),
      { numRuns: 120 },
    );
  });
});
