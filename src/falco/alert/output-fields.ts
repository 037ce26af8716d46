/**
 * `output_fields`: the typed values of the fields a rule's output mentions, keyed by the field expression as written
 * (`proc.name`, `proc.aname[2]`, `tolower(proc.name)`), plus whatever Falco (`evt.time`), `append_output` or
 * Falcosidekick (`customfields`, `templatedfields`) added.
 *
 * Keys come from the network: maps are built with a null prototype so `__proto__`, `constructor` or `toString`
 * are ordinary keys and a lookup of an absent key is `undefined`, never an inherited function.
 *
 * Precision: integers beyond 2^53 (`evt.time`, nanoseconds since the epoch, ~1.8e18; 64-bit ids and counters) are
 * `bigint`s with the exact value sent (exact-json.ts reads them so): stored, shown in Slack and in pull requests
 * digit for digit. The evaluator's view of the fields (`Alert.fields`) has them as the nearest double instead, like
 * every number it compares (normalise-fields.ts).
 */
import { stringifyJson } from './exact-json.js';

/**
 * A field value as Falco's JSON output types it; `null` is an unavailable field (`<NA>` in text), a `bigint` an
 * integer beyond 2^53 (see the header).
 */
export type FieldValue = string | number | bigint | boolean | null | readonly FieldValue[];

export type FieldMap = Readonly<Record<string, FieldValue>>;

/**
 * Fields whose name takes an argument (`proc.aname[2]`, `ka.uri.param[command]`, `k8s.pod.label[app]`), from
 * libsinsp's and the plugins' field tables (flags EPF_ARG_REQUIRED / EPF_ARG_ALLOWED). Only these get their
 * brackets back when Falcosidekick's `bracketreplacer` removed them. No other known field name starts with one of
 * these followed by `_`, so restoring `proc.aname_2` cannot clobber a real field.
 */
export const FIELDS_WITH_ARGUMENT: readonly string[] = [
  'anomaly.count_min_sketch',
  'anomaly.count_min_sketch.profile',
  'container.label',
  'container.mount',
  'container.mount.dest',
  'container.mount.mode',
  'container.mount.propagation',
  'container.mount.rdwr',
  'container.mount.source',
  'evt.abspath',
  'evt.arg',
  'evt.around',
  'evt.rawarg',
  'evt.type.is',
  'fd.types',
  'jevt.value',
  'json.value',
  'k8s.deployment.label',
  'k8s.ns.label',
  'k8s.pod.label',
  'k8s.rc.label',
  'k8s.rs.label',
  'k8s.svc.label',
  'k8smeta.deployment.label',
  'k8smeta.ns.label',
  'k8smeta.pod.label',
  'k8smeta.rc.label',
  'k8smeta.rs.label',
  'ka.req.binding.subject.has_name',
  'ka.req.volume.hostpath',
  'ka.uri.param',
  'okta.mfa.deny.countlast',
  'okta.mfa.failure.countlast',
  'okta.targets.displayName',
  'proc.aargs',
  'proc.acmdline',
  'proc.aenv',
  'proc.aexe',
  'proc.aexepath',
  'proc.aname',
  'proc.apid',
  'proc.args',
  'proc.env',
  'thread.cgroup',
];

const ARGUMENT_FIELDS: ReadonlySet<string> = new Set(FIELDS_WITH_ARGUMENT);
/** Their field classes (`proc`, `ka`…): a key of another class (`scap.n_evts_cpu_1`) is rejected at once. */
const ARGUMENT_CLASSES: ReadonlySet<string> = new Set(
  FIELDS_WITH_ARGUMENT.map((field) => field.split('.')[0] as string),
);

/**
 * The Falco key Falcosidekick rewrote. With `bracketreplacer: "_"` it turns `proc.aname[2]` into `proc.aname_2`
 * (handlers.go: remove every `]`, replace every `[` by the replacer). Returns `undefined` when `key` is not such a
 * rewrite. An empty replacer means the feature is off (Falcosidekick's default) and nothing is restored. The
 * longest matching field wins, so `container.mount.source_0` is `container.mount.source[0]`.
 */
export function restoreBracketKey(key: string, replacer: string): string | undefined {
  if (replacer === '' || key.includes('[') || !ARGUMENT_CLASSES.has(key.slice(0, key.indexOf('.'))))
    return undefined;
  let restored: string | undefined;
  for (let index = key.indexOf(replacer); index > 0; index = key.indexOf(replacer, index + 1)) {
    const field = key.slice(0, index);
    const argument = key.slice(index + replacer.length);
    if (argument !== '' && ARGUMENT_FIELDS.has(field)) restored = `${field}[${argument}]`;
  }
  return restored;
}

/** A Falco field expression (`class.name`, optionally `[arg]`, or a transformer such as `tolower(proc.name)`). */
const FALCO_FIELD_KEY =
  /^(?:[a-z]+\()*[A-Za-z][A-Za-z0-9_]*\.[A-Za-z0-9_.]+(?:\[[^\]]*\])?(?:[A-Za-z0-9_.]*)\)*$/;

/**
 * True for keys that look like Falco fields. Keys that do not (`n_drops`, `environment`, `hostname`) were added by
 * Falco internals, `append_output` or Falcosidekick's `customfields`: they cannot appear in a rule condition, so
 * exception synthesis must not offer them.
 */
export function isFalcoFieldKey(key: string): boolean {
  return FALCO_FIELD_KEY.test(key);
}

/** A value that cannot be represented as a FieldValue, with the reason, or the typed value. */
export type FieldValueConversion =
  { readonly ok: true; readonly value: FieldValue; readonly converted: boolean } | { readonly ok: false };

/**
 * Types one JSON value. Nested objects (never produced by Falco, seen from hand-made senders) and non-finite numbers
 * (`1e400` parses to Infinity) are kept as their JSON/decimal text with `converted: true`, so nothing is dropped.
 */
export function toFieldValue(value: unknown): FieldValueConversion {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return { ok: true, value, converted: false };
    case 'number':
      return Number.isFinite(value)
        ? { ok: true, value, converted: false }
        : { ok: true, value: String(value), converted: true };
    case 'object': {
      if (value === null) return { ok: true, value: null, converted: false };
      if (Array.isArray(value)) {
        let converted = false;
        const items: FieldValue[] = [];
        for (const item of value as unknown[]) {
          const typed = toFieldValue(item);
          if (!typed.ok) return typed;
          converted ||= typed.converted;
          items.push(typed.value);
        }
        return { ok: true, value: items, converted };
      }
      return { ok: true, value: stringifyJson(value), converted: true };
    }
    case 'bigint':
      return { ok: true, value, converted: false };
    case 'undefined':
    case 'symbol':
    case 'function':
      return { ok: false };
  }
}

/** A fresh null-prototype map (see the header for why). */
export function emptyFieldMap<T = FieldValue>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Falcosidekick shortens string fields over 512 characters to 507 + `[...]` when a payload exceeds 4 KiB. */
export function isSidekickTruncated(value: FieldValue): boolean {
  return typeof value === 'string' && value.length === 512 && value.endsWith('[...]');
}

/** A field value as text for messages and fingerprints: `null` is Falco's `<NA>`, arrays are JSON. */
export function fieldValueToText(value: FieldValue | undefined): string {
  if (value === undefined || value === null) return '<NA>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  return stringifyJson(value);
}

/** The value as the evaluator sees it: integers beyond 2^53 as the nearest double (see the header). */
export function approximateValue(value: FieldValue): FieldValue {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return (value as readonly FieldValue[]).map(approximateValue);
  return value;
}

/** Whether the value is or holds a `bigint`. */
export function holdsExactInteger(value: FieldValue): boolean {
  if (typeof value === 'bigint') return true;
  return Array.isArray(value) && (value as readonly FieldValue[]).some(holdsExactInteger);
}
