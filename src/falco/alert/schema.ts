/**
 * Falco's JSON alert (`json_output: true`, `http_output`) and Falcosidekick's payload (its webhook output, the same
 * object plus `uuid`), parsed into one `Alert`.
 *
 * What is accepted, and why (fixtures in ../shared/fixtures/alerts/json, see the unit test):
 * - Unknown keys are kept (`extra`), key order and original spellings too (`original`, `outputFields`).
 * - `priority` in any case, `info` and syslog short forms, normalised to Falco's spelling (priority.ts).
 * - `time` RFC 3339, 0–9 fraction digits, `Z` or an offset (with or without colon). Missing `time` is taken from
 *   `output_fields["evt.time"]` when that holds nanoseconds. A placeholder (`{{ .Time }}`, Go string
 *   concatenation) or malformed time is refused (Falcosidekick refuses both too); a caller that does not need the
 *   time (explain of a pasted alert) passes `fallbackTime` and gets the alert with a note instead.
 * - `source` absent or empty (Falco before 0.31, Falcosidekick's test events): `internal` for Falcosidekick's
 *   `Test rule`, else `syscall`; Falcosidekick's own default spelling `syscalls` becomes `syscall`. Unlike
 *   Falcosidekick we never override a source the sender gave.
 * - `output_fields` absent or null (Falco with `json_include_output_fields_property: false`): empty fields. Unlike
 *   Falcosidekick (which refuses such payloads) we keep the alert: losing it would be worse than having no fields.
 * - Keys Falcosidekick's `bracketreplacer` rewrote (`proc.aname_2`) are also reachable under Falco's name
 *   (`proc.aname[2]`) in `fields`; `outputFields` keeps the keys as received.
 * Refused: not an object; missing or empty `rule`; missing or unknown `priority`; wrong JSON types for the known keys;
 * a shape beyond the limits of alert-limits.ts (nesting, number of fields, length of `rule` and `uuid`).
 */
import { z } from 'zod';
import { err, ok, type Result } from '../../result.js';
import {
  alertIssue,
  alertProblem,
  describeJsonType,
  quoteForMessage,
  type AlertIssue,
  type AlertProblem,
  type AlertProblemCode,
} from './alert-problem.js';
import { note, type AlertNote } from './alert-note.js';
import { limitIssues } from './alert-limits.js';
import { alertTimeFromEpochNs, parseAlertTime, type AlertTime } from './alert-time.js';
import { checkPayload, type CheckedPayload } from './payload-check.js';
import { normaliseOutputFields, type NormalisedFields } from './normalise-fields.js';
import type { Alert } from './alert.js';
import { describePriorities, parsePriority, severity, type Priority } from './priority.js';
import { splitOutputHeader } from './text-line.js';

const prioritySchema = z.string().transform((text, ctx): Priority => {
  const priority = parsePriority(text);
  if (priority === undefined) {
    ctx.issues.push({
      code: 'custom',
      input: text,
      params: { alertCode: 'priority_invalid' },
      message: `"priority": expected one of ${describePriorities()}, got ${quoteForMessage(text)}`,
    });
    return z.NEVER;
  }
  return priority;
});

const objectOrNull = z.custom<Record<string, unknown> | null>(
  (value) => value === null || (typeof value === 'object' && !Array.isArray(value)),
);

/**
 * The wire shape: Falco's `format_event` keys plus Falcosidekick's `uuid`; unknown keys pass through.
 * Optional keys also accept `null` (Go marshals unset slices and maps as `null`).
 */
export const falcoPayloadSchema = z.looseObject({
  rule: z.string(),
  priority: prioritySchema,
  time: z.string().nullish(),
  output: z.string().nullish(),
  output_fields: objectOrNull.optional(),
  source: z.string().nullish(),
  hostname: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
  uuid: z.string().nullish(),
  message: z.string().nullish(),
});

export type FalcoPayload = z.output<typeof falcoPayloadSchema>;

export type { Alert } from './alert.js';

const KNOWN_KEYS = new Set(Object.keys(falcoPayloadSchema.shape));

export interface ParseAlertOptions {
  /**
   * Falcosidekick's `bracketreplacer` upstream: keys `<field><replacer><arg>` of fields that take an argument get
   * their Falco name `<field>[<arg>]` back. Default `_` (the value Falcosidekick documents); `''` turns it off.
   */
  readonly bracketReplacer?: string;
  /**
   * Static fields added to every alert, as Falcosidekick's `customfields` does (overwriting a key of the same
   * name). Use it when Falco posts straight to the bot and the alerts should carry e.g. the cluster name.
   * (Falcosidekick's `templatedfields` are Go templates; they arrive already rendered from Falcosidekick.)
   */
  readonly customFields?: Readonly<Record<string, string>>;
  /**
   * Epoch milliseconds to use when `time` is missing, malformed or a placeholder, instead of refusing the alert.
   * For callers that do not need the time (explain); intake leaves it unset so the sender learns its time is bad.
   */
  readonly fallbackTime?: number;
}

/** Parses one decoded JSON value as a Falco/Falcosidekick alert; every problem is reported at once. */
export function parseAlert(input: unknown, options: ParseAlertOptions = {}): Result<Alert, AlertProblem> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return err(
      alertProblem(
        alertIssue(
          'not_an_object',
          undefined,
          `expected a JSON object (one Falco alert), got ${describeJsonType(input)}`,
        ),
      ),
    );
  }
  const payload = input as Record<string, unknown>;
  // Before anything walks the alert: a hostile shape must not cost more than its reason.
  const [overLimit, ...overLimits] = limitIssues(payload);
  if (overLimit !== undefined) return err(alertProblem(overLimit, ...overLimits));
  // The hand check accepts what the schema accepts, without zod's cost; the schema decides (and words) the rest.
  let data: CheckedPayload | undefined = checkPayload(payload);
  const issues: AlertIssue[] = [];
  if (data === undefined) {
    const parsed = falcoPayloadSchema.safeParse(input, { reportInput: true });
    if (parsed.success) data = parsed.data;
    else issues.push(...parsed.error.issues.map(toAlertIssue));
  }
  if (data !== undefined && data.rule.trim() === '') {
    issues.push(alertIssue('empty', 'rule', '"rule": is empty; every Falco alert names the rule that fired'));
  }
  const notes: AlertNote[] = [];
  // From the raw object even when another key is invalid, so a missing time can still come from evt.time.
  const rawFields = payload['output_fields'];
  const fields = normaliseOutputFields(
    typeof rawFields === 'object' && rawFields !== null && !Array.isArray(rawFields)
      ? (rawFields as Record<string, unknown>)
      : undefined,
    options.bracketReplacer ?? '_',
    options.customFields,
  );
  const time = resolveTime(data !== undefined ? data.time : payload['time'], fields, options, notes);
  if (!time.ok && !issues.some((issue) => issue.field === 'time')) issues.push(time.error);
  const [first, ...rest] = issues;
  if (first !== undefined || data === undefined || !time.ok) {
    return err(alertProblem(first ?? alertIssue('wrong_type', undefined, 'invalid alert'), ...rest));
  }
  return ok(buildAlert(data, payload, fields, time.value, notes));
}

function buildAlert(
  data: CheckedPayload,
  payload: Record<string, unknown>,
  fields: NormalisedFields,
  time: AlertTime,
  notes: AlertNote[],
): Alert {
  const priorityText = payload['priority'] as string;
  if (priorityText !== data.priority) {
    notes.push(
      note(
        'priority_spelling',
        'priority',
        `priority ${JSON.stringify(priorityText)} read as ${data.priority}`,
      ),
    );
  }
  const source = resolveSource(data, notes);
  if (data.output_fields === undefined || data.output_fields === null) {
    notes.push(
      note('output_fields_missing', 'output_fields', 'no output_fields: the alert has no field values'),
    );
  }
  notes.push(...fields.notes);
  const output = data.output ?? undefined;
  const extra = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(payload)) if (!KNOWN_KEYS.has(key)) extra[key] = payload[key];
  return {
    rule: data.rule,
    priority: data.priority,
    severity: severity(data.priority),
    time,
    source,
    hostname: nonEmpty(data.hostname),
    tags: data.tags ?? [],
    output,
    message:
      data.message ?? (output === undefined ? undefined : (splitOutputHeader(output)?.message ?? output)),
    fields: fields.fields,
    outputFields: fields.outputFields,
    restoredKeys: fields.restoredKeys,
    nonFalcoFieldKeys: fields.nonFalcoFieldKeys,
    truncatedFieldKeys: fields.truncatedFieldKeys,
    uuid: nonEmpty(data.uuid),
    extra,
    original: { priority: priorityText, source: data.source ?? undefined, time: data.time ?? undefined },
    notes,
  };
}

function resolveSource(data: CheckedPayload, notes: AlertNote[]): string {
  const given = nonEmpty(data.source);
  if (given === 'syscalls') {
    notes.push(
      note('source_spelling', 'source', 'source "syscalls" (Falcosidekick\'s default) read as syscall'),
    );
    return 'syscall';
  }
  if (given !== undefined) return given;
  const source = data.rule === 'Test rule' ? 'internal' : 'syscall';
  notes.push(note('source_defaulted', 'source', `no source: assumed ${source}`));
  return source;
}

function resolveTime(
  raw: unknown,
  fields: NormalisedFields,
  options: ParseAlertOptions,
  notes: AlertNote[],
): Result<AlertTime, AlertIssue> {
  let problem: AlertIssue;
  if (typeof raw === 'string') {
    const parsed = parseAlertTime(raw);
    if (parsed.ok) return parsed;
    problem = parsed.error;
  } else if (raw === undefined || raw === null) {
    for (const key of ['evt.time', 'evt.time.iso8601']) {
      // outputFields: an integer beyond 2^53 is exact there (a bigint), the nearest double in `fields`.
      const value = fields.outputFields[key];
      const time =
        typeof value === 'number' || typeof value === 'string'
          ? alertTimeFromEpochNs(value)
          : typeof value === 'bigint'
            ? alertTimeFromEpochNs(value.toString())
            : undefined;
      if (time !== undefined) {
        notes.push(note('time_from_evt_time', 'time', `no time: taken from output_fields["${key}"]`));
        return ok(time);
      }
    }
    problem = alertIssue('missing', 'time', '"time": missing; expected the RFC 3339 time of the event');
  } else {
    return err(alertIssue('wrong_type', 'time', `"time": expected a string, got ${describeJsonType(raw)}`));
  }
  if (options.fallbackTime === undefined) return err(problem);
  const fallback = alertTimeFromEpochNs((BigInt(Math.trunc(options.fallbackTime)) * 1_000_000n).toString());
  if (fallback === undefined) return err(problem);
  notes.push(note('time_fallback', 'time', `${problem.message}; used the fallback time ${fallback.iso}`));
  return ok(fallback);
}

const HINTS: Readonly<Record<string, string>> = {
  rule: 'every Falco alert names the rule that fired',
  priority: `one of ${describePriorities()}`,
};

function toAlertIssue(issue: z.core.$ZodIssue): AlertIssue {
  const field = formatPath(issue.path);
  const label = field === undefined ? 'the alert' : `"${field}"`;
  const params =
    issue.code === 'custom' ? (issue.params as { alertCode?: AlertProblemCode } | undefined) : undefined;
  if (params?.alertCode !== undefined) return alertIssue(params.alertCode, field, issue.message);
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) {
      const hint = field === undefined ? undefined : HINTS[field];
      return alertIssue('missing', field, `${label}: missing${hint === undefined ? '' : `; ${hint}`}`);
    }
    const expected =
      issue.path[0] === 'output_fields' && issue.path.length === 1 ? 'an object' : `a ${issue.expected}`;
    return alertIssue(
      'wrong_type',
      field,
      `${label}: expected ${expected}, got ${describeJsonType(issue.input)}`,
    );
  }
  if (issue.code === 'custom' && issue.path[0] === 'output_fields') {
    return alertIssue(
      'wrong_type',
      field,
      `${label}: expected an object, got ${describeJsonType(issue.input)}`,
    );
  }
  return alertIssue('wrong_type', field, `${label}: ${issue.message}`);
}

/** `["tags", 2]` → `tags[2]`; `["output_fields", "proc.name"]` → `output_fields["proc.name"]`. */
function formatPath(path: readonly PropertyKey[]): string | undefined {
  if (path.length === 0) return undefined;
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      const text = String(segment);
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(text)) return index === 0 ? text : `.${text}`;
      return `[${JSON.stringify(text)}]`;
    })
    .join('');
}

function nonEmpty(text: string | null | undefined): string | undefined {
  return text === undefined || text === null || text === '' ? undefined : text;
}
