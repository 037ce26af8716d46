/**
 * What the "Explain this Falco alert" shortcut explains in the message it was used on, as Slack sends that message
 * in a `message_action` payload:
 * - one of the bot's alert messages (its actions block is `alert_actions:<group id>`): that group;
 * - a Falcosidekick Slack-output message (an attachment with `rule` and `priority` fields, the output as its text):
 *   rebuilt as the JSON alert Falcosidekick received, so the rule is known instead of guessed from the output;
 * - anything else: the message text with Slack's markup undone (`&lt;NA&gt;` is `<NA>`, `<http://x|x>` is `x`),
 *   then the attachments' text, as a person would paste it into `/falco explain`.
 *
 * The payload is the sender's text and is treated as such: parsed with zod, never trusted for authorisation (the
 * group a message names is checked against stored state by the workflow).
 */
import { z } from 'zod';
import type { MessageToExplain } from '../triage/commands/index.js';

const attachmentSchema = z
  .object({
    text: z.string().optional(),
    fallback: z.string().optional(),
    pretext: z.string().optional(),
    fields: z
      .array(z.object({ title: z.string().optional(), value: z.string().optional() }).loose())
      .optional(),
  })
  .loose();

export const shortcutMessageSchema = z
  .object({
    ts: z.string(),
    thread_ts: z.string().optional(),
    text: z.string().optional(),
    blocks: z.array(z.object({ type: z.string(), block_id: z.string().optional() }).loose()).optional(),
    attachments: z.array(attachmentSchema).optional(),
  })
  .loose();

export type ShortcutMessage = z.infer<typeof shortcutMessageSchema>;

const ALERT_ACTIONS_BLOCK = /^alert_actions:(.+)$/;

/** Undoes Slack's message markup: links to their label (or address), then the three escaped characters. */
export function plainSlackText(text: string): string {
  return text
    .replace(/<([^<>|]+)\|([^<>]*)>/g, (_whole, _target: string, label: string) => label)
    .replace(/<((?:https?|mailto):[^<>]*)>/g, (_whole, target: string) => target.replace(/^mailto:/, ''))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Falcosidekick's attachment field titles that are alert attributes, not output fields. */
const ATTRIBUTES = new Set(['rule', 'priority', 'time', 'source', 'hostname', 'tags']);

/** Go's `time.Time.String()` (`2026-08-13 10:00:00.123456789 +0000 UTC`) as RFC 3339; undefined otherwise. */
function rfc3339(goTime: string): string | undefined {
  const found = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?) ([+-])(\d{2})(\d{2})\b/.exec(
    goTime.trim(),
  );
  if (found === null) return undefined;
  const [, date = '', time = '', sign = '', hours = '', minutes = ''] = found;
  return `${date}T${time}${sign}${hours}:${minutes}`;
}

/** The JSON alert behind a Falcosidekick Slack message, when the attachment is one. */
function sidekickAlert(attachment: z.infer<typeof attachmentSchema>): string | undefined {
  const fields = new Map<string, string>();
  for (const field of attachment.fields ?? []) {
    if (field.title !== undefined && field.value !== undefined) {
      fields.set(field.title, plainSlackText(field.value));
    }
  }
  const rule = fields.get('rule');
  const priority = fields.get('priority');
  const output = attachment.text ?? attachment.fallback;
  if (rule === undefined || priority === undefined || output === undefined) return undefined;
  const time = rfc3339(fields.get('time') ?? '');
  const tags = fields.get('tags');
  const outputFields = Object.fromEntries([...fields].filter(([title]) => !ATTRIBUTES.has(title)));
  return JSON.stringify({
    output: plainSlackText(output),
    priority,
    rule,
    ...(time === undefined ? {} : { time }),
    ...(fields.has('source') ? { source: fields.get('source') } : {}),
    ...(fields.has('hostname') ? { hostname: fields.get('hostname') } : {}),
    ...(tags === undefined ? {} : { tags: tags.split(/\s*,\s*/).filter((tag) => tag !== '') }),
    output_fields: outputFields,
  });
}

export function messageToExplain(message: ShortcutMessage, channel: string): MessageToExplain {
  for (const block of message.blocks ?? []) {
    const group = ALERT_ACTIONS_BLOCK.exec(block.block_id ?? '')?.[1];
    if (group !== undefined) return { kind: 'alert_message', groupId: group, channel, ts: message.ts };
  }
  for (const attachment of message.attachments ?? []) {
    const alert = sidekickAlert(attachment);
    if (alert !== undefined) return { kind: 'text', text: alert };
  }
  const texts = [
    message.text ?? '',
    ...(message.attachments ?? []).map((attachment) => attachment.text ?? attachment.fallback ?? ''),
  ].filter((text) => text.trim() !== '');
  return { kind: 'text', text: plainSlackText(texts.join('\n')) };
}
