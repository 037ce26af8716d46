/**
 * From a received `output_fields` object to the field maps an `Alert` carries: typed values, Falco names restored
 * for keys Falcosidekick rewrote, custom fields merged the way Falcosidekick merges them, and a note for every
 * change. The received object is never mutated.
 */
import { note, type AlertNote } from './alert-note.js';
import {
  approximateValue,
  emptyFieldMap,
  holdsExactInteger,
  isFalcoFieldKey,
  isSidekickTruncated,
  restoreBracketKey,
  toFieldValue,
  type FieldMap,
  type FieldValue,
} from './output-fields.js';

export interface NormalisedFields {
  /**
   * By Falco field name: received keys plus restored bracket keys plus custom fields; integers beyond 2^53 as the
   * nearest double, since the evaluator compares numbers as doubles.
   */
  readonly fields: FieldMap;
  /** As received (values typed, integers exact), plus custom fields. */
  readonly outputFields: FieldMap;
  readonly restoredKeys: Readonly<Record<string, string>>;
  readonly nonFalcoFieldKeys: readonly string[];
  readonly truncatedFieldKeys: readonly string[];
  readonly notes: readonly AlertNote[];
}

/** What a key is (its Falco name if Falcosidekick rewrote it; a Falco field or not), by replacer and key. */
interface KeyClass {
  readonly restored: string | undefined;
  readonly falco: boolean;
}

/**
 * The same few dozen keys arrive in every alert: their classes are remembered rather than worked out with string
 * scans and a regular expression each time. Bounded, since keys come from senders: cleared when full.
 */
const KEY_CLASSES = new Map<string, KeyClass>();
const MAX_KEY_CLASSES = 4096;

function classify(key: string, bracketReplacer: string): KeyClass {
  const id = `${bracketReplacer}\u0000${key}`;
  let known = KEY_CLASSES.get(id);
  if (known === undefined) {
    if (KEY_CLASSES.size >= MAX_KEY_CLASSES) KEY_CLASSES.clear();
    known = { restored: restoreBracketKey(key, bracketReplacer), falco: isFalcoFieldKey(key) };
    KEY_CLASSES.set(id, known);
  }
  return known;
}

/**
 * `raw` is the decoded `output_fields` (or null/undefined when absent). Values that are not JSON data (impossible
 * after `JSON.parse`, possible from a programmatic caller) are kept as their `String()` text with a note.
 */
export function normaliseOutputFields(
  raw: Readonly<Record<string, unknown>> | null | undefined,
  bracketReplacer: string,
  customFields: Readonly<Record<string, string>> | undefined,
): NormalisedFields {
  const outputFields = emptyFieldMap();
  const notes: AlertNote[] = [];
  let exact = false;
  if (raw !== null && raw !== undefined) {
    for (const key of Object.keys(raw)) {
      const typed = toFieldValue(raw[key]);
      const value: FieldValue = typed.ok ? typed.value : String(raw[key]);
      if (!typed.ok || typed.converted) {
        notes.push(note('value_converted', key, `output_fields[${JSON.stringify(key)}] kept as text`));
      }
      exact ||= holdsExactInteger(value);
      outputFields[key] = value;
    }
  }
  for (const [key, value] of Object.entries(customFields ?? {})) {
    outputFields[key] = value;
    notes.push(note('custom_field_added', key, `custom field ${JSON.stringify(key)} added`));
  }

  const restoredKeys = emptyFieldMap<string>();
  let restoredCount = 0;
  const nonFalcoFieldKeys: string[] = [];
  const truncatedFieldKeys: string[] = [];
  for (const key of Object.keys(outputFields)) {
    const value = outputFields[key] as FieldValue;
    if (isSidekickTruncated(value)) {
      truncatedFieldKeys.push(key);
      notes.push(note('value_truncated_upstream', key, `${key} was shortened by Falcosidekick ("[...]")`));
    }
    const { restored, falco } = classify(key, bracketReplacer);
    if (restored !== undefined && !Object.hasOwn(outputFields, restored)) {
      restoredKeys[restored] = key;
      restoredCount += 1;
      notes.push(note('key_restored', restored, `${JSON.stringify(key)} is Falco's ${restored}`));
    } else if (!falco) {
      nonFalcoFieldKeys.push(key);
    }
  }
  // Usually nothing was restored and no integer is beyond 2^53: both views are then the same (read-only) map.
  let fields: Record<string, FieldValue> = outputFields;
  if (exact) {
    fields = emptyFieldMap();
    for (const key of Object.keys(outputFields))
      fields[key] = approximateValue(outputFields[key] as FieldValue);
  } else if (restoredCount > 0) {
    fields = Object.assign(emptyFieldMap(), outputFields);
  }
  for (const restored of Object.keys(restoredKeys))
    fields[restored] = fields[restoredKeys[restored] as string] as FieldValue;
  return { fields, outputFields, restoredKeys, nonFalcoFieldKeys, truncatedFieldKeys, notes };
}
