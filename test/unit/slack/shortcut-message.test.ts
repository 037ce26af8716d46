import { describe, expect, it } from '@jest/globals';
import {
  messageToExplain,
  plainSlackText,
  shortcutMessageSchema,
} from '../../../src/slack/shortcut-message.js';

const CHANNEL = 'C0ALERTS01';

function toExplain(message: unknown) {
  return messageToExplain(shortcutMessageSchema.parse(message), CHANNEL);
}

describe('plainSlackText', () => {
  it("undoes Slack's escapes and link markup, leaving mentions alone", () => {
    expect(plainSlackText('user=&lt;NA&gt; a &amp;&amp; b')).toBe('user=<NA> a && b');
    expect(plainSlackText('see <http://example.com|example.com> and <https://x.io/a>')).toBe(
      'see example.com and https://x.io/a',
    );
    expect(plainSlackText('mail <mailto:a@b.io|a@b.io> <@U0ALICE001>')).toBe('mail a@b.io <@U0ALICE001>');
    // An escaped < in the text is not markup: it stays text.
    expect(plainSlackText('&lt;http://x|y&gt;')).toBe('<http://x|y>');
  });
});

describe('messageToExplain', () => {
  it("names the group of one of the bot's alert messages, with where the message is", () => {
    const message = {
      ts: '1.000100',
      text: 'Warning: rule',
      blocks: [{ type: 'header' }, { type: 'actions', block_id: 'alert_actions:0190abcd' }],
    };
    expect(toExplain(message)).toEqual({
      kind: 'alert_message',
      groupId: '0190abcd',
      channel: CHANNEL,
      ts: '1.000100',
    });
  });

  it('rebuilds the JSON alert of a Falcosidekick message from its fields, RFC 3339 time included', () => {
    const explained = toExplain({
      ts: '2.000200',
      text: '',
      attachments: [
        {
          text: 'Shell (user=&lt;NA&gt;)',
          fallback: 'Shell',
          fields: [
            { title: 'user.name', value: '&lt;NA&gt;' },
            { title: 'rule', value: 'Terminal shell in container' },
            { title: 'priority', value: 'Notice' },
            { title: 'time', value: '2026-08-13 10:00:00.123456789 +0200 CEST' },
            { title: 'tags', value: 'container, shell' },
          ],
        },
      ],
    });
    expect(explained.kind).toBe('text');
    const alert = JSON.parse(explained.kind === 'text' ? explained.text : '{}') as Record<string, unknown>;
    expect(alert).toEqual({
      output: 'Shell (user=<NA>)',
      priority: 'Notice',
      rule: 'Terminal shell in container',
      time: '2026-08-13T10:00:00.123456789+02:00',
      tags: ['container', 'shell'],
      output_fields: { 'user.name': '<NA>' },
    });
  });

  it('falls back to the text of the message and of its attachments', () => {
    expect(
      toExplain({ ts: '3.0', text: 'a &lt;b&gt;', attachments: [{ fallback: 'c' }, { text: 'd' }] }),
    ).toEqual({ kind: 'text', text: 'a <b>\nc\nd' });
  });
});
