/**
 * The optional field catalog: which field names exist, so that unknown fields are errors as in Falco (which knows
 * the fields of the loaded sources). Accepts the `fields.json` format (`{"fields": [{"name", "flags"}]}`) or plain
 * text with one field name per line (`#` comments; extra tab-separated columns are ignored, so `fields.txt` works).
 *
 * A name matches when it is in the catalog, when it is `name[arg]` of a catalog field, or when a dotted prefix of it
 * is a catalog field taking an argument (`k8s.pod.label.app`, `evt.arg.fd`), as libs resolves field arguments.
 */
import { err, ok, type Result } from '../../result.js';

export interface FieldLookup {
  readonly has: (name: string) => boolean;
  readonly size: number;
}

interface FieldSpec {
  readonly name: string;
  /** Undefined when the catalog does not say (plain text): then any dotted suffix is accepted. */
  readonly takesArg?: boolean;
}

export function fieldLookup(specs: Iterable<FieldSpec>): FieldLookup {
  const fields = new Map<string, FieldSpec>();
  for (const spec of specs) fields.set(spec.name, spec);
  const has = (raw: string): boolean => {
    const name = raw.trim();
    if (fields.has(name)) return true;
    const bracket = name.indexOf('[');
    if (bracket > 0) return fields.has(name.slice(0, bracket));
    for (let dot = name.lastIndexOf('.'); dot > 0; dot = name.lastIndexOf('.', dot - 1)) {
      const spec = fields.get(name.slice(0, dot));
      if (spec !== undefined && spec.takesArg !== false) return true;
    }
    return false;
  };
  return { has, size: fields.size };
}

const ARG_FLAGS = new Set(['EPF_ARG_REQUIRED', 'EPF_ARG_ALLOWED', 'EPF_ARG_KEY', 'EPF_ARG_INDEX']);

/** Parses a catalog file's text (JSON or one name per line). */
export function parseFieldCatalog(text: string): Result<FieldLookup, { readonly message: string }> {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      return err({ message: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` });
    }
    const list: unknown = Array.isArray(parsed) ? parsed : (parsed as { fields?: unknown } | null)?.fields;
    if (!Array.isArray(list)) return err({ message: 'expected {"fields": [...]} or an array of fields' });
    const specs: FieldSpec[] = [];
    for (const entry of list as unknown[]) {
      if (typeof entry === 'string') specs.push({ name: entry });
      else if (
        entry !== null &&
        typeof entry === 'object' &&
        typeof (entry as { name?: unknown }).name === 'string'
      ) {
        const flags = (entry as { flags?: unknown }).flags;
        const flagList = Array.isArray(flags)
          ? flags.filter((f): f is string => typeof f === 'string')
          : undefined;
        specs.push({
          name: (entry as { name: string }).name,
          takesArg: flagList === undefined ? undefined : flagList.some((flag) => ARG_FLAGS.has(flag)),
        });
      } else return err({ message: 'every field needs a "name"' });
    }
    if (specs.length === 0) return err({ message: 'the catalog lists no fields' });
    return ok(fieldLookup(specs));
  }
  const specs: FieldSpec[] = [];
  for (const line of text.split(/\r?\n/)) {
    const name = line.split('\t')[0]?.trim() ?? '';
    if (name === '' || name.startsWith('#')) continue;
    const argSpec = line.split('\t')[1]?.trim();
    specs.push({ name, takesArg: argSpec === undefined ? undefined : argSpec.startsWith('ARG_') });
  }
  if (specs.length === 0) return err({ message: 'the catalog lists no fields' });
  return ok(fieldLookup(specs));
}

/** The field names inside an exception field or transformer text: `tolower( proc.name)` gives `proc.name`. */
export function fieldNamesIn(text: string): string[] {
  const inner = /^\s*[a-z0-9]+\((.*)\)\s*$/.exec(text);
  if (inner === null) return [text.trim()];
  return (inner[1] ?? '')
    .split(',')
    .flatMap((part) => fieldNamesIn(part))
    .filter((name) => /^[a-zA-Z]/.test(name));
}
