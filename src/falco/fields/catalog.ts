/**
 * The field catalog: which fields a Falco deployment knows, whether each takes an argument, and its type. It is
 * read from the `fields.json` format (libs' `filtercheck_field_info` flags per field) or from text with one
 * field per line (`fields.txt`: `name<TAB>arg-spec<TAB>type...`, or just the name). A name-only line knows
 * nothing about arguments or type, so checks against it stay permissive instead of guessing.
 *
 * Lookups understand both ways Falco writes an argument: `k8s.pod.label[app]` and `k8s.pod.label.app`.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../../result.js';

export type ArgPresence = 'none' | 'optional' | 'required' | 'unknown';
export type ArgKind = 'index' | 'key';

export interface FieldInfo {
  readonly name: string;
  readonly arg: ArgPresence;
  /** What the argument is; empty when the catalog does not say (then anything goes). */
  readonly argKinds: readonly ArgKind[];
  /** The type as the catalog spells it (`PT_UINT64`, `string`); '' when unknown. */
  readonly type: string;
  /** libs flags (`EPF_IS_LIST`, `EPF_NO_RHS`, ...). */
  readonly flags: readonly string[];
  /** Event sources (`syscall`, `k8s_audit`...) or plugin names that provide the field. */
  readonly sources: readonly string[];
}

export interface FieldCatalog {
  readonly size: number;
  /** The field of exactly this name. */
  readonly get: (name: string) => FieldInfo | undefined;
  readonly names: () => IterableIterator<string>;
}

export type FieldResolution =
  | {
      readonly ok: true;
      readonly field: FieldInfo;
      /** The argument, from `[...]` or from the dotted suffix. */
      readonly arg?: string;
      readonly argForm?: 'bracket' | 'dotted';
    }
  | {
      readonly ok: false;
      readonly code: 'unknown-field' | 'field-arg-required' | 'field-arg-not-allowed' | 'field-arg-invalid';
      /** libs' wording. */
      readonly message: string;
    };

export interface CatalogError {
  readonly code: 'field_catalog_invalid';
  readonly message: string;
}

const jsonEntry = z.union([
  z.string().min(1),
  z.object({
    name: z.string().min(1),
    type: z.string().optional(),
    flags: z.array(z.string()).optional(),
    source: z.string().optional(),
  }),
]);
const jsonCatalog = z.union([z.object({ fields: z.array(z.unknown()) }), z.array(z.unknown())]);

function argFromFlags(flags: readonly string[]): Pick<FieldInfo, 'arg' | 'argKinds'> {
  const argKinds: ArgKind[] = [];
  if (flags.includes('EPF_ARG_INDEX')) argKinds.push('index');
  if (flags.includes('EPF_ARG_KEY')) argKinds.push('key');
  if (flags.includes('EPF_ARG_REQUIRED')) return { arg: 'required', argKinds };
  if (flags.includes('EPF_ARG_ALLOWED')) return { arg: 'optional', argKinds };
  return { arg: 'none', argKinds };
}

/** `ARG_REQUIRED(index,key)`, `ARG_OPTIONAL`, `-`. */
function argFromSpec(spec: string): Pick<FieldInfo, 'arg' | 'argKinds'> | undefined {
  const match = /^(ARG_REQUIRED|ARG_OPTIONAL|-)(?:\(([a-z,]*)\))?$/.exec(spec.trim());
  if (match === null) return undefined;
  const argKinds = (match[2] ?? '')
    .split(',')
    .filter((kind): kind is ArgKind => kind === 'index' || kind === 'key');
  const arg = match[1] === 'ARG_REQUIRED' ? 'required' : match[1] === 'ARG_OPTIONAL' ? 'optional' : 'none';
  return { arg, argKinds };
}

function buildCatalog(fields: readonly FieldInfo[]): FieldCatalog {
  const byName = new Map<string, FieldInfo>();
  for (const field of fields) {
    const known = byName.get(field.name);
    if (known === undefined) byName.set(field.name, field);
    else byName.set(field.name, { ...known, sources: [...new Set([...known.sources, ...field.sources])] });
  }
  return { size: byName.size, get: (name) => byName.get(name), names: () => byName.keys() };
}

/** Builds a catalog from field descriptions (tests and callers with their own field lists). */
export function fieldCatalog(fields: Iterable<Partial<FieldInfo> & { readonly name: string }>): FieldCatalog {
  return buildCatalog(
    [...fields].map((field) => ({
      arg: 'unknown',
      argKinds: [],
      type: '',
      flags: [],
      sources: [],
      ...field,
    })),
  );
}

function parseJson(text: string): Result<FieldCatalog, CatalogError> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return err({ code: 'field_catalog_invalid', message: `field catalog is not valid JSON: ${reason}` });
  }
  const parsed = jsonCatalog.safeParse(raw);
  if (!parsed.success) {
    return err({
      code: 'field_catalog_invalid',
      message: 'field catalog must be {"fields": [{"name", "type", "flags"}...]} or a list of field names',
    });
  }
  const fields: FieldInfo[] = [];
  for (const [index, raw] of (Array.isArray(parsed.data) ? parsed.data : parsed.data.fields).entries()) {
    const entry = jsonEntry.safeParse(raw);
    if (!entry.success) {
      const issue = entry.error.issues[0];
      const detail = issue === undefined ? '' : `: ${issue.message}`;
      return err({
        code: 'field_catalog_invalid',
        message: `field catalog entry ${index}: expected a field name or {"name", "type", "flags"}${detail}`,
      });
    }
    fields.push(jsonField(entry.data));
  }
  return ok(buildCatalog(fields));
}

/** libs' EPF_ARG_* flags become `arg`/`argKinds`, so both file formats give the same FieldInfo. */
function jsonField(entry: z.infer<typeof jsonEntry>): FieldInfo {
  if (typeof entry === 'string')
    return { name: entry, arg: 'unknown', argKinds: [], type: '', flags: [], sources: [] };
  const flags = entry.flags ?? [];
  return {
    name: entry.name,
    ...(entry.flags === undefined ? { arg: 'unknown' as const, argKinds: [] } : argFromFlags(flags)),
    type: entry.type ?? '',
    flags: flags.filter((flag) => !flag.startsWith('EPF_ARG_')),
    sources: entry.source === undefined ? [] : [entry.source],
  };
}

function parseText(text: string): Result<FieldCatalog, CatalogError> {
  const fields: FieldInfo[] = [];
  for (const [index, rawLine] of text.split(/\r?\n/).entries()) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const columns = rawLine.split('\t').map((column) => column.trim());
    const name = columns[0] ?? '';
    if (!/^[A-Za-z][\w.-]*$/.test(name)) {
      return err({
        code: 'field_catalog_invalid',
        message: `field catalog line ${index + 1}: "${name}" is not a field name`,
      });
    }
    const arg = columns[1] === undefined ? undefined : argFromSpec(columns[1]);
    if (columns[1] !== undefined && arg === undefined) {
      return err({
        code: 'field_catalog_invalid',
        message: `field catalog line ${index + 1}: unknown argument spec "${columns[1]}"`,
      });
    }
    const flags = columns[5] === undefined || columns[5] === '-' ? [] : columns[5].split(',');
    const type = columns[2] === undefined || columns[2] === '-' ? '' : columns[2];
    const origin = columns[3] ?? '';
    const plugin = /^plugin (\S+)/.exec(origin)?.[1];
    fields.push({
      name,
      ...(arg ?? { arg: 'unknown', argKinds: [] }),
      type,
      flags,
      sources: plugin === undefined ? (origin.startsWith('libsinsp') ? ['syscall'] : []) : [plugin],
    });
  }
  if (fields.length === 0)
    return err({ code: 'field_catalog_invalid', message: 'field catalog lists no fields' });
  return ok(buildCatalog(fields));
}

/** Reads a catalog file's content: JSON (`fields.json`) or text with one field per line (`fields.txt`). */
export function parseFieldCatalog(text: string): Result<FieldCatalog, CatalogError> {
  const trimmed = text.trimStart();
  return trimmed.startsWith('{') || trimmed.startsWith('[') ? parseJson(text) : parseText(text);
}

function checkArg(field: FieldInfo, written: string, arg: string | undefined): FieldResolution | undefined {
  if (arg === undefined) {
    if (field.arg !== 'required') return undefined;
    return {
      ok: false,
      code: 'field-arg-required',
      message: `filter '${written}': ${field.name} requires an argument but none provided`,
    };
  }
  if (field.arg === 'none') {
    return {
      ok: false,
      code: 'field-arg-not-allowed',
      message: `filter '${written}': ${field.name} does not allow nor require an argument but one is provided: ${arg}`,
    };
  }
  if (field.argKinds.length === 1 && field.argKinds[0] === 'index' && !/^(0|[1-9][0-9]*)$/.test(arg)) {
    const why = /^[0-9]+$/.test(arg) ? 'starting with 0' : 'not composed only by digits';
    return {
      ok: false,
      code: 'field-arg-invalid',
      message: `filter ${written} ${field.name} has an invalid index argument ${why}: ${arg}`,
    };
  }
  return undefined;
}

/**
 * Resolves a field as the parser gives it (`name`, plus `arg` when written with brackets). A name that is not a
 * field may be a field with a dotted argument (`k8s.pod.label.app`): the longest catalogued prefix that takes an
 * argument wins, as libs' `parse_field_name` does.
 */
export function resolveField(catalog: FieldCatalog, name: string, arg?: string): FieldResolution {
  const written = arg === undefined ? name : `${name}[${arg}]`;
  const exact = catalog.get(name);
  if (exact !== undefined) {
    return (
      checkArg(exact, written, arg) ?? {
        ok: true,
        field: exact,
        ...(arg === undefined ? {} : { arg, argForm: 'bracket' }),
      }
    );
  }
  if (arg === undefined) {
    for (let dot = name.lastIndexOf('.'); dot > 0; dot = name.lastIndexOf('.', dot - 1)) {
      const field = catalog.get(name.slice(0, dot));
      if (field === undefined || field.arg === 'none') continue;
      const dotted = name.slice(dot + 1);
      return checkArg(field, written, dotted) ?? { ok: true, field, arg: dotted, argForm: 'dotted' };
    }
  }
  return {
    ok: false,
    code: 'unknown-field',
    message: `filter_check called with nonexistent field ${written}`,
  };
}

/** Resolves a field written as text, e.g. an exception's `fields:` entry: `proc.aname[2]`, `k8s.pod.label.app`. */
export function resolveFieldText(catalog: FieldCatalog, text: string): FieldResolution {
  const trimmed = text.trim();
  const bracket = trimmed.indexOf('[');
  if (bracket > 0 && trimmed.endsWith(']')) {
    return resolveField(catalog, trimmed.slice(0, bracket), trimmed.slice(bracket + 1, -1));
  }
  return resolveField(catalog, trimmed);
}
