import type { ThreadReply } from '../triage/ports/index.js';
import { LIMITS, codeSpan, escapeMrkdwn, truncate, truncateEscaped } from './block-kit.js';
import type { SlackMessage } from './alert-message.js';
import { threadNoteText } from './thread-notes.js';

function section(text: string): SlackMessage {
  return {
    text: truncate(text, LIMITS.fallbackText),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) } }],
  };
}

/** A thread reply: new sampled values of an alert group, a note (worded here), or a note queued already worded. */
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
    case 'note':
      return section(threadNoteText(reply.note));
    case 'text':
      return section(reply.text);
    case 'escalation': {
      // The one mention of the user group (the alert message itself never carries it, so a repost pings no one).
      const what = `*${escapeMrkdwn(truncate(reply.rule, 200))}* (${escapeMrkdwn(reply.priority)}${reply.count > 1 ? `, ×${reply.count}` : ''})`;
      return {
        text: truncateEscaped(
          `<!subteam^${reply.usergroup}> escalated: ${escapeMrkdwn(reply.rule)}`,
          LIMITS.fallbackText,
        ),
        blocks: [
          {
            type: 'section',
            text: {
              type: 'mrkdwn',
              text: truncate(
                `:rotating_light: <!subteam^${reply.usergroup}> <@${reply.by}> escalated this alert: ${what}. Please take a look.`,
                LIMITS.sectionText,
              ),
            },
          },
        ],
      };
    }
  }
}
