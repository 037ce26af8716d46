/**
 * Typing values read from a text line the way Falco's JSON output types them: numbers for numeric fields, booleans
 * for boolean fields, `null` for `<NA>` (Falco's "could not extract"), strings otherwise.
 *
 * With a field catalog (`--fields`, a deployment's `falco --list`), its types decide. Without one, a built-in table of
 * the numeric and boolean fields that rule outputs print is used: every other field stays a string, so a process
 * named `123` is never mistaken for a number.
 */
import type { FieldValue } from '../alert/index.js';
import type { FieldTypeLookup } from '../eval/index.js';

export type ValueKind = 'number' | 'bool' | 'string';

/** libs' numeric fields commonly printed by rule outputs (types from libs' filterchecks). */
const NUMERIC_FIELDS: ReadonlySet<string> = new Set([
  'container.start_ts',
  'container.duration',
  'evt.count',
  'evt.cpu',
  'evt.num',
  'evt.rawres',
  'evt.rawtime',
  'evt.latency',
  'fd.num',
  'fd.cport',
  'fd.sport',
  'fd.lport',
  'fd.rport',
  'fd.port',
  'fd.dev',
  'fd.ino',
  'group.gid',
  'proc.pid',
  'proc.ppid',
  'proc.vpid',
  'proc.pvpid',
  'proc.sid',
  'proc.vpgid',
  'proc.tty',
  'proc.nthreads',
  'proc.nchilds',
  'proc.exe_ino',
  'proc.exe_ino.ctime',
  'proc.exe_ino.mtime',
  'proc.exe_ino.ctime_duration_proc_start',
  'proc.exe_ino.ctime_duration_pidns_start',
  'proc.pidns_init_start_ts',
  'proc.duration',
  'proc.apid',
  'thread.tid',
  'thread.vtid',
  'user.uid',
  'user.loginuid',
  'k8s.pod.sandbox_id',
  'ka.response.code',
]);

const BOOLEAN_FIELDS: ReadonlySet<string> = new Set([
  'evt.failed',
  'evt.is_io',
  'evt.is_open_read',
  'evt.is_open_write',
  'evt.is_open_exec',
  'fd.is_upper_layer',
  'proc.is_exe_writable',
  'proc.is_exe_upper_layer',
  'proc.is_exe_from_memfd',
  'proc.is_sid_leader',
  'proc.is_vpgid_leader',
  'proc.is_container_healthcheck',
  'proc.is_container_liveness_probe',
  'proc.is_container_readiness_probe',
  'container.privileged',
  'ka.auth.decision',
]);

/**
 * Fields whose values are single tokens (user and group names, ids, types, addresses): a blank inside one means the
 * alignment went wrong (`user=root user_loginuid=-1` read as one user name).
 */
const TOKEN_FIELDS: ReadonlySet<string> = new Set([
  'user.name',
  'user.loginname',
  'group.name',
  'container.id',
  'container.image.tag',
  'container.image.digest',
  'evt.type',
  'fd.type',
  'fd.typechar',
  'fd.l4proto',
  'fd.sip',
  'fd.cip',
  'fd.rip',
  'fd.lip',
  'k8s.ns.name',
  'k8s.pod.name',
  'k8s.pod.uid',
]);

/** Fields whose text may span lines (command lines, arguments, environments, plugin payloads). */
const MULTILINE_PREFIXES: readonly string[] = [
  'proc.cmdline',
  'proc.pcmdline',
  'proc.acmdline',
  'proc.args',
  'proc.aargs',
  'proc.env',
  'proc.aenv',
  'evt.arg',
  'evt.args',
  'evt.buffer',
  'fd.name',
  'ka.',
  'json.',
  'jevt.',
];

/** The kernel's task name (comm): at most 15 bytes, so Falco never prints a longer one. */
const COMM_FIELD = /^proc\.(?:name|pname|aname(?:\[\d+\])?)$/;

function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A function telling the kind of a field key (`proc.aname[2]`, `user.uid`, `tolower(proc.name)`). */
export type ValueKindLookup = (key: string) => ValueKind;

/** Kinds from a catalog lookup when one is given, else from the built-in table. Transformers yield strings. */
export function valueKinds(fieldType?: FieldTypeLookup): ValueKindLookup {
  const cache = new Map<string, ValueKind>();
  return (key) => {
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const kind = kindOf(key, fieldType);
    cache.set(key, kind);
    return kind;
  };
}

function kindOf(key: string, fieldType: FieldTypeLookup | undefined): ValueKind {
  if (key.includes('(')) return key.startsWith('len(') ? 'number' : 'string';
  const bracket = /^([^[]+)\[(.*)\]$/.exec(key);
  const name = bracket?.[1] ?? key;
  const arg = bracket?.[2];
  if (fieldType !== undefined) {
    const type = fieldType(name, arg);
    if (type !== undefined && type.list !== true) {
      if (type.kind === 'number') return 'number';
      if (type.kind === 'bool') return 'bool';
      return 'string';
    }
  }
  if (NUMERIC_FIELDS.has(name)) return 'number';
  if (BOOLEAN_FIELDS.has(name)) return 'bool';
  return 'string';
}

/**
 * Whether `text` is something field `key` of `kind` can print: numbers print digits, booleans true/false, token
 * fields no blank, task names (`proc.name`) at most 15 bytes, only free-text fields a line break; anything may print
 * `<NA>`.
 */
export function printable(kind: ValueKind, text: string, key = ''): boolean {
  if (text === '<NA>') return true;
  if (kind === 'number') return NUMBER.test(text);
  if (kind === 'bool') return text === 'true' || text === 'false';
  if (TOKEN_FIELDS.has(key)) return !/\s/.test(text);
  if (COMM_FIELD.test(key) && utf8Length(text) > 15) return false;
  if (text.includes('\n')) return MULTILINE_PREFIXES.some((prefix) => key.startsWith(prefix));
  return true;
}

/** The typed value of printed text. Unsafe integers stay text so no digit is lost. */
export function typedValue(kind: ValueKind, text: string): FieldValue {
  if (text === '<NA>') return null;
  if (kind === 'number' && NUMBER.test(text)) {
    const value = Number(text);
    if (Number.isFinite(value) && (!Number.isInteger(value) || Number.isSafeInteger(value))) return value;
    return text;
  }
  if (kind === 'bool' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}
