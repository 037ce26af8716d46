import type { ThreadReply } from '../triage/ports/index.js';
import { LIMITS, codeSpan, escapeMrkdwn, truncate } from './block-kit.js';
import type { SlackMessage } from './alert-message.js';

/** A thread reply under an alert group: new sampled values, or plain text (escaped by the caller). */
export function threadReplyMessage(reply: ThreadReply): SlackMessage {
  switch (reply.kind) {
    case 'samples': {
      const lines = Object.entries(reply.samples).map(
        ([field, values]) =>
          `• *${escapeMrkdwn(truncate(field, 100))}*: ${values.map((value) => codeSpan(value, 300)).join(', ')}`,
      );
      const text = truncate(['New values in this group:', ...lines].join('\n'), LIMITS.sectionText);
      return {
        text: truncate(`New values for ${reply.rule}`, LIMITS.fallbackText),
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
      };
    }
    case 'text':
      return {
        text: truncate(reply.text, LIMITS.fallbackText),
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: truncate(reply.text, LIMITS.sectionText) } },
        ],
      };
  }
}
