import type { FieldExpr } from '../condition/index.js';
import { utf8Length } from './bytes.js';

/**
 * One value of an alert's `output_fields`, as Falco's JSON output carries it: a string, a number for numeric fields, a
 * boolean for boolean fields, `null` when Falco printed `<NA>` (the field could not be extracted for this event), or an
 * array for list fields (`fd.types`, `evt.arg` lists).
 */
export type FieldValue = string | number | boolean | null | readonly (string | number)[];

/**
 * The alert's field values by key. A key that is missing (or `undefined`) means the alert did not carry the field:
 * the rule's output did not print it, so we cannot tell what Falco saw.
 */
export type FieldValues = Readonly<Record<string, FieldValue | undefined>>;

/** A single extracted value (one element of a list field, or a scalar field's value). */
export type Scalar = string | number | boolean;

export interface LookupOptions {
  /**
   * Falcosidekick's `bracketreplacer` setting: when set, it rewrites `proc.aname[2]` to `proc.aname<r>2` (it drops
   * `]` and replaces `[` by the setting, handlers.go `newFalcoPayload`). The setting is off by default; `_` is what
   * its docs suggest, so it is tried unless this says otherwise.
   */
  readonly bracketReplacers?: readonly string[];
}

const DEFAULT_BRACKET_REPLACERS: readonly string[] = ['_'];

/** The text of a field as Falco writes it in outputs and as `output_fields` keys: `proc.aname[2]`, `fd.name`. */
export function fieldText(field: Pick<FieldExpr, 'name' | 'arg'>): string {
  return field.arg === undefined ? field.name : `${field.name}[${field.arg}]`;
}

/**
 * The alert keys under which a field's value may appear, most exact first.
 *
 * Falco keys `output_fields` by the field exactly as the output wrote it. The same field can be written several ways:
 * `evt.arg.flags` and `evt.arg[flags]` are one field (arguments of `ARG_REQUIRED` fields may be dotted), and
 * Falcosidekick may have rewritten brackets. Looking up the alternatives only when the exact key is missing keeps a
 * different field from ever being read: every alternative names the same field.
 *
 * Lookups index the alert object directly. That is safe because every candidate contains a `.`, and no property of
 * `Object.prototype` does.
 */
export function fieldKeyCandidates(
  field: Pick<FieldExpr, 'name' | 'arg'>,
  options: LookupOptions = {},
): string[] {
  const replacers = options.bracketReplacers ?? DEFAULT_BRACKET_REPLACERS;
  const keys: string[] = [];
  const add = (key: string): void => {
    if (!keys.includes(key)) keys.push(key);
  };
  const addWithArg = (name: string, arg: string): void => {
    add(`${name}[${arg}]`);
    // A dotted argument is a key (`evt.arg.flags`); an index (`proc.aname[2]`) is only written in brackets.
    if (!/^\d+$/.test(arg)) add(`${name}.${arg}`);
    for (const replacer of replacers) add(`${name}${replacer}${arg}`);
  };
  if (field.arg !== undefined) {
    addWithArg(field.name, field.arg);
    return keys;
  }
  add(field.name);
  // `evt.arg.flags` may have been printed as `evt.arg[flags]`: try the fields that take a dotted argument.
  const segments = field.name.split('.');
  for (let cut = 2; cut < segments.length; cut++) {
    const prefix = segments.slice(0, cut).join('.');
    if (DOTTED_ARGUMENT_FIELDS.has(prefix)) addWithArg(prefix, segments.slice(cut).join('.'));
  }
  return keys;
}

/**
 * Fields whose argument is a key that may be written dotted (`EPF_ARG_REQUIRED`/`EPF_ARG_ALLOWED` with a key
 * argument in libs' filterchecks and the falcosecurity plugins' field tables). Trying the bracket spelling only for
 * these keeps lookups of ordinary dotted names (`container.image.repository`) to one probe.
 */
const DOTTED_ARGUMENT_FIELDS: ReadonlySet<string> = new Set([
  'evt.arg',
  'evt.rawarg',
  'evt.abspath',
  'evt.type.is',
  'proc.env',
  'proc.aenv',
  'thread.cgroup',
  'container.label',
  'container.mount',
  'container.mount.source',
  'container.mount.dest',
  'container.mount.mode',
  'container.mount.rdwr',
  'container.mount.propagation',
  'k8s.pod.label',
  'k8s.rc.label',
  'k8s.svc.label',
  'k8s.ns.label',
  'k8s.rs.label',
  'k8s.deployment.label',
  'k8smeta.pod.label',
  'k8smeta.ns.label',
  'k8smeta.deployment.label',
  'k8smeta.rs.label',
  'k8smeta.rc.label',
  'ka.uri.param',
  'ka.req.binding.subject.has_name',
  'ka.req.volume.hostpath',
  'json.value',
  'jevt.value',
]);

/** The value of the first candidate key the alert carries; `undefined` when it carries none of them. */
export function lookupField(fields: FieldValues, keys: readonly string[]): FieldValue | undefined {
  const first = fields[keys[0] ?? ''];
  if (first !== undefined || keys.length === 1) return first;
  for (const key of keys) {
    const value = fields[key];
    if (value !== undefined) return value;
  }
  return undefined;
}

/** Like {@link lookupField}, also saying which key matched (for explanations). */
export function lookupFieldWithKey(
  fields: FieldValues,
  keys: readonly string[],
): { readonly key: string; readonly value: FieldValue } | undefined {
  for (const key of keys) {
    const value = fields[key];
    if (value !== undefined) return { key, value };
  }
  return undefined;
}

/**
 * Falcosidekick shortens every string field longer than 512 characters to its first 507 and `[...]` when the payload
 * exceeds 4096 bytes (handlers.go `newFalcoPayload`). Such a value hides the rest of what Falco saw.
 */
export function isSidekickTruncated(value: string): boolean {
  if (!value.endsWith('[...]') || value.length > 512) return false;
  // Go counts bytes and may cut a UTF-8 sequence, which its JSON encoder turns into U+FFFD.
  const bytes = utf8Length(value);
  return bytes >= 510 && bytes <= 514;
}

/** The part of a Falcosidekick-truncated value that is really the field's text. */
export function sidekickKeptPrefix(value: string): string {
  return value.slice(0, -'[...]'.length);
}
