import { resolveField, type FieldCatalog } from '../fields/index.js';

/**
 * What the evaluator may know about a field's declared type, from a field catalog (`falco --list`, the format of
 * `fields.json`). Without it, types are inferred from the alert: JSON numbers are numeric fields, booleans boolean
 * fields, arrays list fields, strings strings. The catalog matters for alerts whose values are all strings (plain-text
 * alerts, old Falcosidekick payloads) and for operators whose meaning depends on the type (IP networks, byte buffers).
 */
export type FieldKind = 'string' | 'number' | 'bool' | 'ipaddr' | 'ipnet' | 'bytes';

export interface FieldType {
  readonly kind: FieldKind;
  /** An `EPF_IS_LIST` field: it extracts several values (`fd.types`). */
  readonly list?: boolean;
}

/**
 * Looks up the declared type of a field as the parser gives it (`evt.arg.flags`, or `evt.arg` with arg `flags`);
 * undefined when not known.
 */
export type FieldTypeLookup = (name: string, arg?: string) => FieldType | undefined;

const KIND_BY_TYPE: Readonly<Record<string, FieldKind>> = {
  PT_CHARBUF: 'string',
  PT_FSPATH: 'string',
  PT_FSRELPATH: 'string',
  string: 'string',
  PT_BOOL: 'bool',
  bool: 'bool',
  PT_IPADDR: 'ipaddr',
  PT_IPV4ADDR: 'ipaddr',
  PT_IPV6ADDR: 'ipaddr',
  ipaddr: 'ipaddr',
  PT_IPNET: 'ipnet',
  PT_IPV4NET: 'ipnet',
  PT_IPV6NET: 'ipnet',
  ipnet: 'ipnet',
  PT_BYTEBUF: 'bytes',
  uint64: 'number',
  int64: 'number',
  abstime: 'number',
  reltime: 'number',
};

const NUMERIC_TYPE =
  /^PT_(U?INT(8|16|32|64)|RELTIME|ABSTIME|PORT|DOUBLE|FD|PID|ERRNO|E?N?U?M?FLAGS(8|16|32)|MODE|UID|GID|SIGTYPE|SYSCALLID|L4PROTO)$/;

/** The kind of a libs/plugin type name (`PT_UINT32`, `string`); undefined for dynamic or unknown types. */
export function fieldKindOf(falcoType: string): FieldKind | undefined {
  return KIND_BY_TYPE[falcoType] ?? (NUMERIC_TYPE.test(falcoType) ? 'number' : undefined);
}

/**
 * Declared types from the shared field catalog (src/falco/fields): `evt.arg.flags` and `k8s.pod.label.app` resolve
 * to the catalogued field that takes the argument, as libs' `parse_field_name` does.
 */
export function fieldTypesFromCatalog(catalog: FieldCatalog): FieldTypeLookup {
  const cache = new Map<string, FieldType | undefined>();
  return (name, arg) => {
    const key = arg === undefined ? name : `${name}[${arg}]`;
    if (cache.has(key)) return cache.get(key);
    const resolved = resolveField(catalog, name, arg);
    const kind = resolved.ok ? fieldKindOf(resolved.field.type) : undefined;
    const type: FieldType | undefined =
      resolved.ok && kind !== undefined
        ? { kind, list: resolved.field.flags.includes('EPF_IS_LIST') }
        : undefined;
    cache.set(key, type);
    return type;
  };
}
