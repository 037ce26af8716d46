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
 * scans and a regular expression each time. One map per replacer (a configuration value, so there are one or two),
 * so a lookup hashes the key alone, which JSON.parse made an internalized string with its hash already known.
 * Bounded, since keys come from senders: cleared when full.
 */
const KEY_CLASSES = new Map<string, Map<string, KeyClass>>();
let keyClassCount = 0;
const MAX_KEY_CLASSES = 4096;

function classify(key: string, bracketReplacer: string): KeyClass {
  let classes = KEY_CLASSES.get(bracketReplacer);
  const known = classes?.get(key);
  if (known !== undefined) return known;
  if (keyClassCount >= MAX_KEY_CLASSES) {
    KEY_CLASSES.clear();
    keyClassCount = 0;
    classes = undefined;
  }
  if (classes === undefined) {
    classes = new Map();
    KEY_CLASSES.set(bracketReplacer, classes);
  }
  const found = { restored: restoreBracketKey(key, bracketReplacer), falco: isFalcoFieldKey(key) };
  classes.set(key, found);
  keyClassCount += 1;
  return found;
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
  // The keys and values as stored, in Object.keys order: reading a null-prototype map back costs more (its keys
  // are sorted by insertion on every Object.keys) than keeping them aside.
  let keys: readonly string[] = raw === null || raw === undefined ? [] : Object.keys(raw);
  let values: FieldValue[] = new Array<FieldValue>(keys.length);
  if (raw !== null && raw !== undefined) {
    for (let index = 0; index < keys.length; index += 1) {
      const key = keys[index] as string;
      const item = raw[key];
      // Strings, booleans, null and finite numbers are kept as they are: nearly every field of every alert.
      if (isPlainScalar(item)) {
        outputFields[key] = item;
        values[index] = item;
        continue;
      }
      const typed = toFieldValue(item);
      const value: FieldValue = typed.ok ? typed.value : String(raw[key]);
      if (!typed.ok || typed.converted) {
        notes.push(note('value_converted', key, `output_fields[${JSON.stringify(key)}] kept as text`));
      }
      exact ||= holdsExactInteger(value);
      outputFields[key] = value;
      values[index] = value;
    }
  }
  if (customFields !== undefined) {
    for (const [key, value] of Object.entries(customFields)) {
      outputFields[key] = value;
      notes.push(note('custom_field_added', key, `custom field ${JSON.stringify(key)} added`));
    }
    // Overwritten keys keep their place, integer-like keys go first: the map itself says where each one is.
    keys = Object.keys(outputFields);
    values = keys.map((key) => outputFields[key] as FieldValue);
  }

  const restoredKeys = emptyFieldMap<string>();
  let restoredCount = 0;
  const nonFalcoFieldKeys: string[] = [];
  const truncatedFieldKeys: string[] = [];
  for (let index = 0; index < keys.length; index += 1) {
    const key = keys[index] as string;
    const value = values[index] as FieldValue;
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
    for (let index = 0; index < keys.length; index += 1)
      fields[keys[index] as string] = approximateValue(values[index] as FieldValue);
  } else if (restoredCount > 0) {
    fields = Object.assign(emptyFieldMap(), outputFields);
  }
  if (restoredCount > 0) {
    for (const restored of Object.keys(restoredKeys))
      fields[restored] = fields[restoredKeys[restored] as string] as FieldValue;
  }
  return { fields, outputFields, restoredKeys, nonFalcoFieldKeys, truncatedFieldKeys, notes };
}

/** A value `toFieldValue` keeps as it is, unconverted, and that holds no exact integer. */
function isPlainScalar(value: unknown): value is string | boolean | number | null {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    value === null ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}
