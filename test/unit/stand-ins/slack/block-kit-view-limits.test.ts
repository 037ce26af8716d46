import { describe, expect, it } from '@jest/globals';
import { validateBlocks, validateView } from '../../../../src/stand-ins/slack/index.js';

const plain = (text: string): Record<string, unknown> => ({ type: 'plain_text', text });
const mrkdwn = (text: string): Record<string, unknown> => ({ type: 'mrkdwn', text });
const x = (n: number): string => 'x'.repeat(n);
const section = (text: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'section',
  text: mrkdwn(text),
  ...extra,
});
const input = (element: Record<string, unknown>, label = 'Label'): Record<string, unknown> => ({
  type: 'input',
  block_id: 'in',
  label: plain(label),
  element,
});
const modal = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'modal',
  title: plain('Mark false positive'),
  submit: plain('Propose'),
  close: plain('Cancel'),
  blocks: [section('hello')],
  ...extra,
});

describe('Limits of modal views', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>, string]>([
    [
      'title 24',
      modal({ title: plain(x(24)) }),
      modal({ title: plain(x(25)) }),
      'must be less than 25 characters [json-pointer:/view/title/text]',
    ],
    [
      'submit 24',
      modal({ submit: plain(x(24)) }),
      modal({ submit: plain(x(25)) }),
      'must be less than 25 characters [json-pointer:/view/submit/text]',
    ],
    [
      'close 24',
      modal({ close: plain(x(24)) }),
      modal({ close: plain(x(25)) }),
      'must be less than 25 characters [json-pointer:/view/close/text]',
    ],
    [
      'private_metadata 3,000',
      modal({ private_metadata: x(3000) }),
      modal({ private_metadata: x(3001) }),
      'must be less than 3001 characters [json-pointer:/view/private_metadata]',
    ],
    [
      'callback_id 255',
      modal({ callback_id: x(255) }),
      modal({ callback_id: x(256) }),
      'must be less than 256 characters [json-pointer:/view/callback_id]',
    ],
    [
      '100 blocks',
      modal({ blocks: Array.from({ length: 100 }, () => ({ type: 'divider' })) }),
      modal({ blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) }),
      'no more than 100 items allowed [json-pointer:/view/blocks]',
    ],
    [
      'placeholder 150',
      modal({ blocks: [input({ type: 'plain_text_input', action_id: 'i', placeholder: plain(x(150)) })] }),
      modal({ blocks: [input({ type: 'plain_text_input', action_id: 'i', placeholder: plain(x(151)) })] }),
      'must be less than 151 characters [json-pointer:/view/blocks/0/element/placeholder/text]',
    ],
    [
      'plain_text_input max_length 3,000',
      modal({ blocks: [input({ type: 'plain_text_input', action_id: 'i', max_length: 3000 })] }),
      modal({ blocks: [input({ type: 'plain_text_input', action_id: 'i', max_length: 3001 })] }),
      'must be an integer between 1 and 3000 [json-pointer:/view/blocks/0/element/max_length]',
    ],
  ])('%s: at the limit passes, one past is refused', (_what, atLimit, pastLimit, problem) => {
    expect(validateView(atLimit)).toEqual([]);
    expect(validateView(pastLimit)).toContain(problem);
  });

  it('requires submit when the modal has an input block', () => {
    const view = modal({ submit: undefined, blocks: [input({ type: 'plain_text_input', action_id: 'i' })] });
    expect(validateView(view)).toContain(
      'must provide submit when the view has input blocks [json-pointer:/view/submit]',
    );
  });

  it('allows 100 blocks in a modal where a message allows 50', () => {
    const blocks = Array.from({ length: 60 }, () => ({ type: 'divider' }));
    expect(validateView(modal({ blocks }))).toEqual([]);
    expect(validateBlocks(blocks, 'message')).toEqual([
      'no more than 50 items allowed [json-pointer:/blocks]',
    ]);
  });
});
