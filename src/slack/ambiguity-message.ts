/**
 * `/falco explain` when the pasted text fits loaded rules but cannot say which raised the alert: several alerts run
 * together on one line, or an output without its priority that rules of different priorities print. The answer says
 * so plainly, lists the candidates (for joined alerts, each alert's text, to paste on its own) and what to paste
 * instead. Never a guess presented as the rule.
 */
import type { Ambiguous } from '../falco/identify/index.js';
import type { SlackMessage } from './alert-message.js';
import { LIMITS, codeSpan, escapeMrkdwn, truncate } from './block-kit.js';

const MAX_LISTED = 5;

export function ambiguityMessage(ambiguity: Ambiguous): SlackMessage {
  const listed = ambiguity.candidates.slice(0, MAX_LISTED).map((candidate, index) => {
    const rule = `*${escapeMrkdwn(truncate(candidate.rule, 150))}* (${candidate.priority})`;
    return ambiguity.reason === 'several-alerts'
      ? `${index + 1}. ${rule}: ${codeSpan(candidate.text, 300)}`
      : `• ${rule}`;
  });
  const more = ambiguity.candidates.length - listed.length;
  if (more > 0) listed.push(`…and ${more} more`);
  const what =
    ambiguity.reason === 'several-alerts'
      ? 'This line holds several alerts run together (joined by a log collector, or pasted together), from different rules:'
      : 'The text has no priority, and these rules print this same output with different priorities:';
  const instead =
    ambiguity.reason === 'several-alerts'
      ? 'Paste one alert at a time: `/falco explain <one alert>`.'
      : 'Paste the whole line with its time and priority, as Falco logs it (`12:00:00.000000000: Warning …`).';
  const text = `:warning: *I can't tell which rule raised this alert.* ${what}\n${listed.join('\n')}\n${instead}`;
  return {
    text: truncate(`I can't tell which rule raised this alert: ${ambiguity.message}`, LIMITS.fallbackText),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) } }],
  };
}
