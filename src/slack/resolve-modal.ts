/**
 * The small form behind Resolve…: benign or true positive, and a note (required for a true positive: what was
 * found and what was done). The group id travels in private_metadata and is only an id: the submission is decided
 * from stored state, for the person Slack signed it for.
 */
import { MAX_NOTE_CHARS } from '../triage/group-states/index.js';
import type { Resolution } from '../triage/ports/index.js';
import { LIMITS, escapeMrkdwn, truncate } from './block-kit.js';

export const RESOLVE_CALLBACK = 'triage_resolve';
export const RESOLVE_VERDICT = 'resolve_verdict';
export const RESOLVE_NOTE = 'resolve_note';

const OPTIONS: readonly {
  readonly value: Resolution;
  readonly text: string;
  readonly description: string;
}[] = [
  {
    value: 'benign',
    text: 'Benign',
    description: 'Expected activity; nothing to do (consider Mark false positive).',
  },
  {
    value: 'true_positive',
    text: 'True positive',
    description: 'A real finding, dealt with: say what was done.',
  },
];

function option(entry: (typeof OPTIONS)[number]): Record<string, unknown> {
  return {
    text: { type: 'plain_text', text: entry.text },
    description: { type: 'plain_text', text: entry.description },
    value: entry.value,
  };
}

export function resolveModal(groupId: string, rule: string): Record<string, unknown> {
  const [benign] = OPTIONS;
  return {
    type: 'modal',
    callback_id: RESOLVE_CALLBACK,
    private_metadata: groupId,
    title: { type: 'plain_text', text: 'Resolve alert' },
    submit: { type: 'plain_text', text: 'Resolve' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: truncate(
            `Resolve *${escapeMrkdwn(truncate(rule, 300))}*: its message shows who resolved it and how.`,
            LIMITS.sectionText,
          ),
        },
      },
      {
        type: 'input',
        block_id: RESOLVE_VERDICT,
        label: { type: 'plain_text', text: 'Verdict' },
        element: {
          type: 'radio_buttons',
          action_id: RESOLVE_VERDICT,
          options: OPTIONS.map(option),
          ...(benign === undefined ? {} : { initial_option: option(benign) }),
        },
      },
      {
        type: 'input',
        block_id: RESOLVE_NOTE,
        optional: true,
        label: { type: 'plain_text', text: 'Note' },
        hint: { type: 'plain_text', text: 'Required for a true positive: what was found and what was done.' },
        element: {
          type: 'plain_text_input',
          action_id: RESOLVE_NOTE,
          multiline: true,
          max_length: MAX_NOTE_CHARS,
        },
      },
    ],
  };
}

type StateValues = Readonly<
  Record<
    string,
    Readonly<
      Record<
        string,
        { readonly value?: string | null; readonly selected_option?: { readonly value?: string } | null }
      >
    >
  >
>;

/** The verdict and note as submitted (a missing or unknown verdict reads as benign, the form's default). */
export function readResolveForm(values: StateValues): { resolution: Resolution; note: string | undefined } {
  const verdict = values[RESOLVE_VERDICT]?.[RESOLVE_VERDICT]?.selected_option?.value;
  const note = values[RESOLVE_NOTE]?.[RESOLVE_NOTE]?.value ?? undefined;
  return { resolution: verdict === 'true_positive' ? 'true_positive' : 'benign', note };
}
