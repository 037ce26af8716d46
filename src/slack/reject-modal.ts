import { LIMITS, escapeMrkdwn, truncate } from './block-kit.js';

export const REJECT_CALLBACK = 'fp_reject';
export const REJECT_REASON = 'reject_reason';

/** Asks for the reason of a rejection (or a withdrawal, when the proposer clicks Reject). */
export function rejectModal(proposalId: string, rule: string, withdraw: boolean): Record<string, unknown> {
  return {
    type: 'modal',
    callback_id: REJECT_CALLBACK,
    private_metadata: proposalId,
    title: { type: 'plain_text', text: withdraw ? 'Withdraw proposal' : 'Reject exception' },
    submit: { type: 'plain_text', text: withdraw ? 'Withdraw' : 'Reject' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: truncate(
            `The exception proposed for *${escapeMrkdwn(rule)}* will not be opened as a pull request.`,
            LIMITS.sectionText,
          ),
        },
      },
      {
        type: 'input',
        block_id: REJECT_REASON,
        label: { type: 'plain_text', text: withdraw ? 'Why withdraw it?' : 'Why reject it?' },
        element: { type: 'plain_text_input', action_id: REJECT_REASON, multiline: true, max_length: 1000 },
      },
    ],
  };
}
