/**
 * Text that JSON carries but PostgreSQL cannot hold, made storable by escaping it visibly.
 *
 * JSON can carry two things a database in UTF-8 cannot: the NUL character (`\u0000`: neither `text` nor `jsonb` holds
 * it) and lone surrogates (`\ud800`: half of a UTF-16 pair, which has no UTF-8 form; `jsonb` refuses it and drivers
 * silently turn it into U+FFFD in `text`). Both can come from an attacker: a Kubernetes audit event carries whatever
 * the client sent. Refusing such an alert would let anyone hide an alert by adding one character to it, so it is
 * stored instead, with each such character replaced by its JSON escape as visible text (`\u0000`, `\ud800`) in the
 * rule, the output, the fields and everywhere else it is shown. Nothing is lost: the stored raw JSON keeps the alert
 * exactly as it was sent (its escapes are plain ASCII there).
 *
 * `mayHoldUnstorable` is the cheap test on the raw text that intake runs on every alert; the walk over the alert's
 * values happens only when it says so.
 */
import type { Alert } from './alert.js';
import type { FieldMap, FieldValue } from './output-fields.js';

/** In JSON text: the escape of NUL or of a surrogate (paired or not), or a NUL as such (a plain-text alert). */
const HINT = /\\u(?:0000|[dD][89a-fA-F])|\u0000/;

const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** False when no value read from `raw` (JSON or a text line) can hold a character PostgreSQL refuses. */
export function mayHoldUnstorable(raw: string): boolean {
  return HINT.test(raw) || !raw.isWellFormed();
}

/** True when `text` holds a NUL or a lone surrogate. */
export function isUnstorable(text: string): boolean {
  return text.includes('\u0000') || !text.isWellFormed();
}

/** `text` with every NUL and lone surrogate replaced by its JSON escape (`\u0000`, `\udc80`). */
export function storableText(text: string): string {
  if (!isUnstorable(text)) return text;
  return text.replace(UNSTORABLE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A copy of the alert with `storableText` applied to every text that is stored or shown. Two field keys that differ
 * only there (`a\u0000` sent both escaped and as such) become one; the raw JSON keeps both.
 */
export function storableAlert(alert: Alert): Alert {
  const outputFields = storableFields(alert.outputFields);
  const fields = alert.fields === alert.outputFields ? outputFields : storableFields(alert.fields);
  const optional = (text: string | undefined): string | undefined =>
    text === undefined ? undefined : storableText(text);
  const keys = (list: readonly string[]): readonly string[] => list.map(storableText);
  const restoredKeys = Object.create(null) as Record<string, string>;
  for (const [key, value] of Object.entries(alert.restoredKeys))
    restoredKeys[storableText(key)] = storableText(value);
  return {
    ...alert,
    rule: storableText(alert.rule),
    time: { ...alert.time, raw: storableText(alert.time.raw) },
    source: storableText(alert.source),
    hostname: optional(alert.hostname),
    tags: keys(alert.tags),
    output: optional(alert.output),
    message: optional(alert.message),
    fields,
    outputFields,
    restoredKeys,
    nonFalcoFieldKeys: keys(alert.nonFalcoFieldKeys),
    truncatedFieldKeys: keys(alert.truncatedFieldKeys),
    uuid: optional(alert.uuid),
  };
}

function storableFields(fields: FieldMap): FieldMap {
  const out = Object.create(null) as Record<string, FieldValue>;
  for (const key of Object.keys(fields)) out[storableText(key)] = storableValue(fields[key] as FieldValue);
  return out;
}

function storableValue(value: FieldValue): FieldValue {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return (value as readonly FieldValue[]).map(storableValue);
  return value;
}
