/**
 * Field types grouped the way libs' filter compiler treats them (`filter_compare.cpp` `flt_is_comparable`): which
 * operators a type takes, and how a constant compared with it must look. Plugin catalogs spell types in lower case
 * (`string`, `uint64`, `ipaddr`); libs fields use `PT_*`.
 */
import type { BinaryOperator, UnaryOperator } from './ast.js';

export type TypeClass = 'string' | 'numeric' | 'bool' | 'ip' | 'buffer' | 'unknown';

export interface FieldType {
  /** As the catalog spells it; '' when unknown. */
  readonly name: string;
  readonly typeClass: TypeClass;
  /** EPF_IS_LIST: the field yields several values. */
  readonly list: boolean;
}

const CLASS_BY_TYPE: Readonly<Record<string, TypeClass>> = {
  PT_CHARBUF: 'string',
  PT_FSPATH: 'string',
  PT_FSRELPATH: 'string',
  string: 'string',
  PT_BYTEBUF: 'buffer',
  PT_BOOL: 'bool',
  bool: 'bool',
  PT_IPADDR: 'ip',
  PT_IPV4ADDR: 'ip',
  PT_IPV6ADDR: 'ip',
  PT_IPNET: 'ip',
  PT_IPV4NET: 'ip',
  PT_IPV6NET: 'ip',
  ipaddr: 'ip',
  ipnet: 'ip',
  uint64: 'numeric',
  int64: 'numeric',
  abstime: 'numeric',
  reltime: 'numeric',
};

const NUMERIC =
  /^PT_(U?INT(8|16|32|64)|ERRNO|FD|PID|SYSCALLID|SIGTYPE|RELTIME|ABSTIME|PORT|FLAGS(8|16|32)|DOUBLE|MODE|ENUMFLAGS(8|16|32))$/;

export function typeClassOf(type: string): TypeClass {
  return CLASS_BY_TYPE[type] ?? (NUMERIC.test(type) ? 'numeric' : 'unknown');
}

export function fieldType(name: string, list = false): FieldType {
  return { name, typeClass: typeClassOf(name), list };
}

/** Types whose constants libs parses as plain decimal integers (flags and modes also take names: not checked). */
const INTEGER_SYNTAX =
  /^(PT_(U?INT(8|16|32|64)|ERRNO|FD|PID|RELTIME|ABSTIME|PORT|DOUBLE)|uint64|int64|abstime|reltime)$/;
/** List fields of these types take `in`/`intersects` (libs' `flt_is_comparable` list branch). */
const LIST_TYPES = new Set([
  'PT_CHARBUF',
  'PT_UINT64',
  'PT_RELTIME',
  'PT_ABSTIME',
  'PT_BOOL',
  'PT_IPADDR',
  'PT_IPNET',
]);
const LIST_TYPES_PLUGIN = new Set(['string', 'uint64', 'reltime', 'abstime', 'bool', 'ipaddr', 'ipnet']);

const OPERATORS: Readonly<Record<Exclude<TypeClass, 'unknown'>, ReadonlySet<string>>> = {
  numeric: new Set(['=', '==', '!=', '<', '<=', '>', '>=', 'in', 'intersects']),
  bool: new Set(['=', '==', '!=', 'in', 'intersects']),
  string: new Set([
    ...['=', '==', '!=', '<', '<=', '>', '>=', 'contains', 'in', 'icontains', 'startswith', 'glob'],
    ...['pmatch', 'endswith', 'intersects', 'iglob', 'regex'],
  ]),
  buffer: new Set([
    '=',
    '==',
    '!=',
    'contains',
    'in',
    'startswith',
    'endswith',
    'intersects',
    'bcontains',
    'bstartswith',
  ]),
  ip: new Set(['=', '==', '!=', 'in', 'intersects']),
};

const FILTER_NAME: Readonly<Record<Exclude<TypeClass, 'unknown'>, string>> = {
  numeric: 'numeric',
  bool: 'numeric', // sic: libs reuses the numeric wording for booleans
  string: 'string',
  buffer: 'buffer',
  ip: 'ip address and network',
};

/** libs' message when `operator` does not apply to `type`, or undefined when it does (or cannot be known). */
export function operatorProblem(
  operator: BinaryOperator | UnaryOperator,
  type: FieldType,
): string | undefined {
  if (operator === 'exists' || type.name === '') return undefined;
  const op = operator === '==' ? '=' : operator;
  if (type.list) {
    if (!LIST_TYPES.has(type.name) && !LIST_TYPES_PLUGIN.has(type.name)) {
      return `list filters are not supported for type '${type.name}'`;
    }
    return op === 'in' || op === 'intersects' ? undefined : `'${op}' operator not supported list filters`;
  }
  if (type.typeClass === 'unknown') {
    return type.name === 'PT_DYN' ? undefined : `'${op}' operator not supported for type '${type.name}'`;
  }
  if (OPERATORS[type.typeClass].has(operator)) return undefined;
  return `'${op}' operator not supported for ${FILTER_NAME[type.typeClass]} filters`;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function isIpv6(text: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || (text.match(/::/g) ?? []).length > 1) return false;
  const groups = text.split(':');
  const last = groups[groups.length - 1] ?? '';
  const tail = IPV4.test(last) ? 2 : 0;
  const hex = (tail === 2 ? groups.slice(0, -1) : groups).filter((group) => group !== '');
  if (!hex.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))) return false;
  return text.includes('::') ? hex.length + tail <= 7 : hex.length + tail === 8;
}

function isIpNet(text: string): boolean {
  const slash = text.indexOf('/');
  if (slash === -1) return false;
  const address = text.slice(0, slash);
  const bits = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) return false;
  if (IPV4.test(address)) return Number(bits) <= 32;
  return isIpv6(address) && Number(bits) <= 128;
}

/** Whether libs would accept `value` as a constant for a field of `type` (undefined: fine or unknowable). */
export function valueProblem(value: string, type: FieldType, fieldName: string): string | undefined {
  const reject = (): string =>
    `filter error: '${value}' is not a valid ${type.name} value for field '${fieldName}'`;
  if (INTEGER_SYNTAX.test(type.name)) return /^[+-]?\d+$/.test(value) ? undefined : reject();
  switch (type.typeClass) {
    case 'bool':
      return value === 'true' || value === 'false' ? undefined : reject();
    case 'ip':
      if (/NET$|net$/.test(type.name)) return isIpNet(value) ? undefined : reject();
      return IPV4.test(value) || isIpv6(value) ? undefined : reject();
    case 'numeric': // flags, modes and the like also take names
    case 'string':
    case 'buffer':
    case 'unknown':
      return undefined;
  }
}
