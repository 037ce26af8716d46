/**
 * A text alert, once its rule is known, as the `Alert` the rest of the bot models: built as the JSON payload Falco
 * would have sent (rule, priority, source and tags from the rule, `output_fields` from the recovered values) and
 * parsed by the alert module like any other, so every consumer sees one shape.
 *
 * A plain line carries only a time of day (the Falco host's local time, zone unknown): it is dated with the UTC date of
 * `now` and the assumption is noted. Without `now` the date is 1970-01-01. A line without a header (the rule output
 * alone) has no time at all, and perhaps no priority: the time is `now`, the priority the rule's, both noted.
 */
import type { Alert, FieldMap, TextAlert } from '../alert/index.js';
import { parseAlert } from '../alert/index.js';
import type { LoadedRule } from '../rules/index.js';

export function textAlertToAlert(
  text: TextAlert,
  rule: LoadedRule,
  fields: FieldMap,
  now: number | undefined,
): { readonly alert: Alert; readonly notes: readonly string[] } {
  const notes: string[] = [];
  const priority = text.priority ?? rule.priority;
  let time: string;
  if (text.time === undefined) {
    time = new Date(now ?? 0).toISOString();
    const when = now === undefined ? 'unknown' : `taken as ${time}, when it was explained`;
    notes.push(
      text.priority === undefined
        ? "the text has no time or priority, only the alert's output (as Slack and web UIs show alerts): " +
            `the priority is the rule's (${priority}); the time is ${when}`
        : `the text has no time, only a priority and the alert's output: the time is ${when}`,
    );
  } else if (text.time.kind === 'instant') time = text.time.time.iso;
  else {
    const date = new Date(now ?? 0).toISOString().slice(0, 10);
    const { hour, minute, second, nanos } = text.time;
    const pad = (value: number): string => String(value).padStart(2, '0');
    time = `${date}T${pad(hour)}:${pad(minute)}:${pad(second)}.${nanos}Z`;
    notes.push(
      `the line has only a time of day (${text.time.raw}, the Falco host's local time): dated ${date}, read as UTC`,
    );
  }
  const outputFields: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(fields)) outputFields[key] = fields[key];
  const parsed = parseAlert(
    {
      rule: rule.name,
      priority,
      time,
      // Falco's output starts with the header; a line without one keeps what it had (the output alone).
      output: text.time === undefined ? text.message : `${text.time.raw}: ${priority} ${text.message}`,
      output_fields: outputFields,
      source: rule.source,
      tags: [...rule.tags],
    },
    { bracketReplacer: '', fallbackTime: now ?? 0 },
  );
  // Every key above is well-typed, so parsing cannot fail; the guard keeps the types honest.
  if (!parsed.ok) throw new Error(`internal: rebuilt alert did not parse: ${parsed.error.message}`);
  return { alert: parsed.value, notes };
}
