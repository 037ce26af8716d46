/**
 * An alert row as text for PostgreSQL's bulk paths: a JSON record for `json_populate_recordset`, or a line of COPY's
 * text format (tab-separated; backslash, tab, newline and carriage return escaped; `\N` for NULL; arrays as array
 * literals). Output fields are written with `stringifyJson`: an integer beyond 2^53 (a `bigint`, e.g. `evt.time`)
 * keeps every digit, and `jsonb` numbers are exact decimals.
 *
 * Text arrives here already storable (no NUL, no lone surrogate: see storable-text.ts), so escaping is all COPY needs.
 */
import { stringifyJson } from '../falco/alert/index.js';
import type { NewAlert } from '../triage/ports/index.js';

/** The columns both paths write, in this order. */
export const ALERT_COLUMNS =
  'id, received_at, event_time, rule, priority, priority_level, source, hostname, tags, output, output_fields, ' +
  'raw, fingerprint, dedupe_key, origin, route, channels, falco_target';

/**
 * One alert as a JSON record for `json_populate_recordset`. Written piece by piece rather than as
 * `JSON.stringify` of a record object: no object to build, and no copy of the whole text to splice `output_fields`
 * in (it must be written by `stringifyJson`). Every value is a string, a number, null or an array of strings
 * (see NewAlert), which `JSON.stringify` writes alone as it would inside the record.
 */
export function alertRecordText(alert: NewAlert): string {
  return (
    `{"output_fields":${stringifyJson(alert.outputFields)},"id":${text(alert.id)},` +
    `"received_at":"${alert.receivedAt.toISOString()}","event_time":"${alert.eventTime.toISOString()}",` +
    `"rule":${text(alert.rule)},"priority":${text(alert.priority)},` +
    `"priority_level":${JSON.stringify(alert.priorityLevel)},"source":${text(alert.source)},` +
    `"hostname":${text(alert.hostname)},"tags":${JSON.stringify(alert.tags)},"output":${text(alert.output)},` +
    `"raw":${text(alert.raw)},"fingerprint":${text(alert.fingerprint)},"dedupe_key":${text(alert.dedupeKey)},` +
    `"origin":${text(alert.origin)},"route":${text(alert.route)},"channels":${JSON.stringify(alert.channels)},` +
    `"falco_target":${text(alert.falcoTarget ?? null)}}`
  );
}

/** A JSON string, or null. */
function text(value: string | null): string {
  return value === null ? 'null' : JSON.stringify(value);
}

/** One alert as a line of COPY text, in ALERT_COLUMNS order, newline included. */
export function alertCopyLine(alert: NewAlert): string {
  return (
    `${alert.id}\t${alert.receivedAt.toISOString()}\t${alert.eventTime.toISOString()}\t${copyText(alert.rule)}\t` +
    `${copyText(alert.priority)}\t${alert.priorityLevel}\t${copyNullable(alert.source)}\t` +
    `${copyNullable(alert.hostname)}\t${copyText(arrayLiteral(alert.tags))}\t${copyText(alert.output)}\t` +
    `${copyText(stringifyJson(alert.outputFields))}\t${copyText(alert.raw)}\t${copyText(alert.fingerprint)}\t` +
    `${copyNullable(alert.dedupeKey)}\t${copyText(alert.origin)}\t${copyNullable(alert.route)}\t` +
    `${copyText(arrayLiteral(alert.channels))}\t${copyNullable(alert.falcoTarget ?? null)}\n`
  );
}

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
};

function copyText(text: string): string {
  // Most fields have nothing to escape: test before building a new string.
  return COPY_SPECIAL.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c] ?? c) : text;
}

function copyNullable(text: string | null): string {
  return text === null ? '\\N' : copyText(text);
}

/** A PostgreSQL array literal of text elements: each quoted, with `"` and `\` escaped. */
function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((item) => `"${item.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
