import { describe, expect, it } from '@jest/globals';
import { validateBlocks } from '../../../../src/stand-ins/slack/index.js';

const plain = (text: string): Record<string, unknown> => ({ type: 'plain_text', text });
const mrkdwn = (text: string): Record<string, unknown> => ({ type: 'mrkdwn', text });
const x = (n: number): string => 'x'.repeat(n);
const section = (text: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'section',
  text: mrkdwn(text),
  ...extra,
});
const button = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'button',
  action_id: 'a',
  text: plain('Go'),
  ...extra,
});
const actions = (elements: unknown[]): Record<string, unknown> => ({ type: 'actions', elements });
const option = (value: string, text = value): Record<string, unknown> => ({ text: plain(text), value });
const input = (element: Record<string, unknown>, label = 'Label'): Record<string, unknown> => ({
  type: 'input',
  block_id: 'in',
  label: plain(label),
  element,
});
/** [what, blocks at the limit (valid), blocks one past it, the problem Slack reports] */
const messageLimits: [string, unknown[], unknown[], string][] = [
  [
    '50 blocks per message',
    Array.from({ length: 50 }, () => ({ type: 'divider' })),
    Array.from({ length: 51 }, () => ({ type: 'divider' })),
    'no more than 50 items allowed [json-pointer:/blocks]',
  ],
  [
    'section text 3,000',
    [section(x(3000))],
    [section(x(3001))],
    'must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
  ],
  [
    'header text 150',
    [{ type: 'header', text: plain(x(150)) }],
    [{ type: 'header', text: plain(x(151)) }],
    'must be less than 151 characters [json-pointer:/blocks/0/text/text]',
  ],
  [
    '10 fields',
    [{ type: 'section', fields: Array.from({ length: 10 }, () => mrkdwn('f')) }],
    [{ type: 'section', fields: Array.from({ length: 11 }, () => mrkdwn('f')) }],
    'no more than 10 items allowed [json-pointer:/blocks/0/fields]',
  ],
  [
    'field text 2,000',
    [{ type: 'section', fields: [mrkdwn(x(2000))] }],
    [{ type: 'section', fields: [mrkdwn(x(2001))] }],
    'must be less than 2001 characters [json-pointer:/blocks/0/fields/0/text]',
  ],
  [
    'button text 75',
    [actions([button({ text: plain(x(75)) })])],
    [actions([button({ text: plain(x(76)) })])],
    'must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]',
  ],
  [
    'button value 2,000',
    [actions([button({ value: x(2000) })])],
    [actions([button({ value: x(2001) })])],
    'must be less than 2001 characters [json-pointer:/blocks/0/elements/0/value]',
  ],
  [
    'action_id 255',
    [actions([button({ action_id: x(255) })])],
    [actions([button({ action_id: x(256) })])],
    'must be less than 256 characters [json-pointer:/blocks/0/elements/0/action_id]',
  ],
  [
    'block_id 255',
    [{ type: 'divider', block_id: x(255) }],
    [{ type: 'divider', block_id: x(256) }],
    'must be less than 256 characters [json-pointer:/blocks/0/block_id]',
  ],
  [
    '25 elements per actions block',
    [actions(Array.from({ length: 25 }, (_, i) => button({ action_id: `a${i}` })))],
    [actions(Array.from({ length: 26 }, (_, i) => button({ action_id: `a${i}` })))],
    'no more than 25 items allowed [json-pointer:/blocks/0/elements]',
  ],
  [
    '10 context elements',
    [{ type: 'context', elements: Array.from({ length: 10 }, () => mrkdwn('c')) }],
    [{ type: 'context', elements: Array.from({ length: 11 }, () => mrkdwn('c')) }],
    'no more than 10 items allowed [json-pointer:/blocks/0/elements]',
  ],
  [
    '10 checkbox options',
    [
      actions([
        {
          type: 'checkboxes',
          action_id: 'c',
          options: Array.from({ length: 10 }, (_, i) => option(`v${i}`)),
        },
      ]),
    ],
    [
      actions([
        {
          type: 'checkboxes',
          action_id: 'c',
          options: Array.from({ length: 11 }, (_, i) => option(`v${i}`)),
        },
      ]),
    ],
    'no more than 10 items allowed [json-pointer:/blocks/0/elements/0/options]',
  ],
  [
    'option text 75',
    [actions([{ type: 'static_select', action_id: 's', options: [option('v', x(75))] }])],
    [actions([{ type: 'static_select', action_id: 's', options: [option('v', x(76))] }])],
    'must be less than 76 characters [json-pointer:/blocks/0/elements/0/options/0/text/text]',
  ],
  [
    'option value 150',
    [actions([{ type: 'static_select', action_id: 's', options: [option(x(150), 't')] }])],
    [actions([{ type: 'static_select', action_id: 's', options: [option(x(151), 't')] }])],
    'must be less than 151 characters [json-pointer:/blocks/0/elements/0/options/0/value]',
  ],
  [
    'confirm title 100',
    [
      actions([
        button({
          confirm: { title: plain(x(100)), text: plain('t'), confirm: plain('y'), deny: plain('n') },
        }),
      ]),
    ],
    [
      actions([
        button({
          confirm: { title: plain(x(101)), text: plain('t'), confirm: plain('y'), deny: plain('n') },
        }),
      ]),
    ],
    'must be less than 101 characters [json-pointer:/blocks/0/elements/0/confirm/title/text]',
  ],
  [
    'input label 2,000',
    [input({ type: 'plain_text_input', action_id: 'i' }, x(2000))],
    [input({ type: 'plain_text_input', action_id: 'i' }, x(2001))],
    'must be less than 2001 characters [json-pointer:/blocks/0/label/text]',
  ],
  [
    'markdown block 12,000',
    [{ type: 'markdown', text: x(12000) }],
    [{ type: 'markdown', text: x(12001) }],
    'must be less than 12001 characters [json-pointer:/blocks/0/text]',
  ],
];

describe('Block Kit limits of messages', () => {
  it.each(messageLimits)(
    '%s: at the limit passes, one past is refused',
    (_what, atLimit, pastLimit, problem) => {
      expect(validateBlocks(atLimit, 'message')).toEqual([]);
      expect(validateBlocks(pastLimit, 'message')).toContain(problem);
    },
  );

  it.each<[string, unknown[], string]>([
    [
      'an empty section text',
      [section('')],
      'must be more than 0 characters [json-pointer:/blocks/0/text/text]',
    ],
    [
      'mrkdwn in a header',
      [{ type: 'header', text: mrkdwn('h') }],
      'must be plain_text [json-pointer:/blocks/0/text/type]',
    ],
    [
      'a section with neither text nor fields',
      [{ type: 'section' }],
      'must provide either text or fields [json-pointer:/blocks/0]',
    ],
    [
      'an unknown block type',
      [{ type: 'carousel' }],
      'unsupported type: carousel [json-pointer:/blocks/0/type]',
    ],
    [
      'duplicate block ids',
      [
        { type: 'divider', block_id: 'd' },
        { type: 'divider', block_id: 'd' },
      ],
      'duplicate block_id: d [json-pointer:/blocks/1/block_id]',
    ],
    [
      'duplicate action ids in one block',
      [actions([button(), button()])],
      'duplicate action_id: a [json-pointer:/blocks/0/elements/1/action_id]',
    ],
    [
      'a text input outside an input block',
      [actions([{ type: 'plain_text_input', action_id: 'i' }])],
      'plain_text_input is only allowed in input blocks [json-pointer:/blocks/0/elements/0]',
    ],
    [
      'an initial option that is not an option',
      [
        actions([
          { type: 'static_select', action_id: 's', options: [option('a')], initial_option: option('b') },
        ]),
      ],
      'must match one of the provided options [json-pointer:/blocks/0/elements/0/initial_option]',
    ],
    [
      'a button style Slack does not know',
      [actions([button({ style: 'warning' })])],
      'must be one of the allowed values: primary, danger [json-pointer:/blocks/0/elements/0/style]',
    ],
  ])('refuses %s', (_what, blocks, problem) => {
    expect(validateBlocks(blocks, 'message')).toContain(problem);
  });

  it('accepts a realistic alert message', () => {
    const blocks = [
      { type: 'header', text: plain(':red_circle: Critical · Read sensitive file untrusted') },
      section(
        '*Output* ```12:00:00.000: Warning Sensitive file opened for reading by non-trusted program```',
      ),
      { type: 'section', fields: [mrkdwn('*proc.name*\ntitanagent'), mrkdwn('*fd.name*\n/etc/shadow')] },
      { type: 'context', elements: [mrkdwn('host `node-1` · source syscall · ×3')] },
      actions([
        button({
          action_id: 'alert_fp',
          text: plain('Mark false positive'),
          value: 'g_01',
          style: 'primary',
        }),
        button({ action_id: 'alert_explain', text: plain('Explain'), value: 'g_01' }),
        button({ action_id: 'alert_ack', text: plain('Acknowledge'), value: 'g_01' }),
      ]),
    ];
    expect(validateBlocks(blocks, 'message')).toEqual([]);
  });
});
