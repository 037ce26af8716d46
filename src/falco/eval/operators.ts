import type { BinaryOperator, Modifier } from '../condition/index.js';
import { asciiLower, compareUtf8, utf8Bytes } from './bytes.js';
import type { Scalar } from './field-values.js';
import type { FieldKind, FieldType } from './field-types.js';
import { parseIp } from './ip.js';
import { isProblem, RhsOperands, type OperandProblem } from './rhs-operands.js';
import { allOf, anyOf, type Verdict } from './truth.js';
import { bytesMatch, ipMatches, looksNumeric, orderVerdict } from './value-compare.js';

/**
 * One check's comparison, prepared once for its operator, modifier and right-hand side, then applied to each alert's
 * value. Semantics follow libs' `flt_compare` and `sinsp_filter_check::compare_rhs` (filter_compare.cpp,
 * sinsp_filtercheck.cpp):
 * - strings: `=` strcmp, `contains` strstr, `icontains` strcasestr (ASCII), `startswith`/`endswith`, `<` `>` strcmp
 *   order, `glob`/`iglob` fnmatch, `regex` RE2 full match, `pmatch` path prefixes, `in`/`intersects` set membership;
 * - numbers: `= != < <= > >= in intersects`; booleans: `= != in intersects` against `true`/`false`;
 * - byte buffers: `bcontains`/`bstartswith` take hex (`bcontains 2f6574`); IP addresses and networks compare as such;
 * - lists: `in` holds when every value is in the set (an empty list included), `intersects` when one is;
 * - modifiers (Falco 0.44): `anyof` when some item matches, `allof` when all do, `oneof` when exactly one does
 *   (a repeated item counts twice), and nothing matches an empty list.
 * An operator the field's type does not support, or an operand that does not parse as that type, is a check Falco
 * refuses to compile: the verdict is `invalid-in-falco`.
 */
export interface Comparator {
  scalar(value: Scalar): Verdict;
  list(values: readonly Scalar[]): Verdict;
  /** Why the last verdict was undecided, when there is more to say than its reason (for explanations). */
  readonly lastProblem: string | undefined;
  /** A `true` found on a prefix of the value holds for the whole value (`contains`, `startswith`...). */
  readonly monotoneOnPrefix: boolean;
  /**
   * The verdict for any value longer than every right-hand item when the operator is an equality or membership
   * (`=` and `in` false, `!=` true); undefined for other operators.
   */
  readonly shortEquality: boolean | undefined;
  /**
   * The same comparison specialised for string values when nothing else can apply to them (no declared type other
   * than string, no modifier, operands that do not make it numeric, matchers that compiled): the compiled form's
   * fast path. Undefined otherwise.
   */
  readonly stringTest: ((value: string) => boolean) | undefined;
}

const PREFIX_MONOTONE = new Set<BinaryOperator>([
  'contains',
  'icontains',
  'startswith',
  'bcontains',
  'bstartswith',
]);
/** Falcosidekick keeps 512 characters of a truncated value, so the original was longer than that. */
const TRUNCATED_LENGTH = 512;

type Kind = FieldKind;

const EQUALITY = new Set<BinaryOperator>(['=', '==', '!=']);
const ORDERING = new Set<BinaryOperator>(['<', '<=', '>', '>=']);
const SET_OPS = new Set<BinaryOperator>(['in', 'intersects']);
const BYTE_TEXT_OPS = new Set<BinaryOperator>(['=', '==', '!=', 'contains', 'startswith', 'endswith']);

export function buildComparator(
  operator: BinaryOperator,
  modifier: Modifier | undefined,
  rhs: readonly string[],
  declared: FieldType | undefined,
): Comparator {
  return new PreparedComparator(operator, modifier, new RhsOperands(rhs), declared?.kind);
}

class PreparedComparator implements Comparator {
  lastProblem: string | undefined;
  readonly monotoneOnPrefix: boolean;
  readonly shortEquality: boolean | undefined;
  readonly stringTest: ((value: string) => boolean) | undefined;
  /** Whether a numeric-looking string value is compared as a number (no declared type, numeric operands). */
  private readonly numericOperands: boolean;

  constructor(
    private readonly operator: BinaryOperator,
    private readonly modifier: Modifier | undefined,
    private readonly rhs: RhsOperands,
    private readonly declared: Kind | undefined,
  ) {
    const numericOperator = EQUALITY.has(operator) || ORDERING.has(operator) || SET_OPS.has(operator);
    this.numericOperands = numericOperator && rhs.items.length > 0 && rhs.items.every(looksNumeric);
    this.monotoneOnPrefix = PREFIX_MONOTONE.has(operator) && modifier !== 'oneof';
    const allShort = rhs.items.every((item) => item.length <= TRUNCATED_LENGTH);
    const equality = EQUALITY.has(operator) || SET_OPS.has(operator);
    this.shortEquality = modifier === undefined && allShort && equality ? operator === '!=' : undefined;
    const plainString = (declared === undefined || declared === 'string') && modifier === undefined;
    this.stringTest = plainString && !this.numericOperands ? stringTest(operator, rhs) : undefined;
  }

  list(values: readonly Scalar[]): Verdict {
    if (!SET_OPS.has(this.operator)) {
      return this.fail(
        'invalid-in-falco',
        `'${this.operator}' is not defined for list fields (only in, intersects)`,
      );
    }
    const members = values.map((value) => this.scalar(value));
    return this.operator === 'in' ? allOf(members) : anyOf(members);
  }

  scalar(value: Scalar): Verdict {
    this.lastProblem = undefined;
    if (typeof value === 'number') return this.compare('number', value);
    if (typeof value === 'boolean') return this.compare('bool', value);
    const kind = this.declared ?? this.inferKind(value);
    if (kind === 'number') {
      if (!looksNumeric(value)) return this.fail('unsupported', `'${value}' is not a number`);
      return this.compare('number', Number(value));
    }
    if (kind === 'bool') {
      if (value !== 'true' && value !== 'false')
        return this.fail('unsupported', `'${value}' is not a boolean`);
      return this.compare('bool', value === 'true');
    }
    return this.compare(kind, value);
  }

  /** Without a declared type, a numeric-looking string compared with numbers is compared as a number. */
  private inferKind(value: string): Kind {
    return this.numericOperands && looksNumeric(value) ? 'number' : 'string';
  }

  private fail(reason: 'invalid-in-falco' | 'unsupported' | 'lossy-buffer', problem: string): Verdict {
    this.lastProblem = problem;
    return reason;
  }

  private problem(problem: OperandProblem): Verdict {
    return this.fail(problem.reason, problem.message);
  }

  private notForType(kind: Kind): Verdict {
    return this.fail('invalid-in-falco', `'${this.operator}' operator not supported for ${kind} fields`);
  }

  private compare(kind: Kind, value: Scalar): Verdict {
    const op = this.operator;
    if (SET_OPS.has(op)) return this.member(kind, value);
    if (op === 'pmatch') {
      if (kind !== 'string' || typeof value !== 'string') return this.notForType(kind);
      const paths = this.rhs.pathPrefixes();
      return isProblem(paths) ? this.problem(paths) : paths(value);
    }
    if (this.modifier !== undefined) {
      if (ORDERING.has(op)) return this.fail('invalid-in-falco', `'${op}' does not take a modifier`);
      return this.withModifier(kind, value, this.modifier);
    }
    if (this.rhs.items.length !== 1) {
      return this.fail('invalid-in-falco', `'${op}' compares with a single value, not a list`);
    }
    return this.element(kind, value, 0, op);
  }

  private withModifier(kind: Kind, value: Scalar, modifier: Modifier): Verdict {
    const verdicts = this.rhs.items.map((_, i) => this.element(kind, value, i, this.operator));
    if (modifier === 'anyof') return anyOf(verdicts);
    if (modifier === 'allof') return verdicts.length === 0 ? false : allOf(verdicts);
    const matches = verdicts.filter((v) => v === true).length;
    if (matches > 1) return false;
    return verdicts.find((v) => v !== true && v !== false) ?? matches === 1;
  }

  /** `in`/`intersects`: set membership, by the value's kind. */
  private member(kind: Kind, value: Scalar): Verdict {
    if (typeof value === 'string' && (kind === 'string' || kind === 'bytes'))
      return this.rhs.stringSet().has(value);
    if (kind === 'number' && typeof value === 'number') {
      const set = this.rhs.numberSetOrProblem();
      return isProblem(set) ? this.problem(set) : set.has(value);
    }
    return anyOf(this.rhs.items.map((_, i) => this.element(kind, value, i, '=')));
  }

  /** The value against right-hand item `i` with `op` (no set operator, no modifier). */
  private element(kind: Kind, value: Scalar, i: number, op: BinaryOperator): Verdict {
    switch (kind) {
      case 'number':
        return this.numberElement(value as number, i, op);
      case 'bool':
        return this.boolElement(value as boolean, i, op);
      case 'string':
        return this.stringElement(value as string, i, op);
      case 'bytes':
        return this.bytesElement(value as string, i, op);
      case 'ipaddr':
      case 'ipnet':
        return this.ipElement(kind, value as string, i, op);
    }
  }

  private numberElement(value: number, i: number, op: BinaryOperator): Verdict {
    if (!EQUALITY.has(op) && !ORDERING.has(op)) return this.notForType('number');
    const other = this.rhs.number(i);
    if (isProblem(other)) return this.problem(other);
    return orderVerdict(op, value < other ? -1 : value > other ? 1 : 0);
  }

  private boolElement(value: boolean, i: number, op: BinaryOperator): Verdict {
    if (!EQUALITY.has(op)) return this.notForType('bool');
    const text = this.rhs.text(i);
    if (text !== 'true' && text !== 'false') {
      return this.fail('invalid-in-falco', `unrecognized boolean value ${text}`);
    }
    return (value === (text === 'true')) === (op !== '!=');
  }

  private stringElement(value: string, i: number, op: BinaryOperator): Verdict {
    const other = this.rhs.text(i);
    switch (op) {
      case '=':
      case '==':
        return value === other;
      case '!=':
        return value !== other;
      case '<':
      case '<=':
      case '>':
      case '>=':
        return orderVerdict(op, compareUtf8(value, other));
      case 'contains':
        return value.includes(other);
      case 'icontains':
        return asciiLower(value).includes(this.rhs.lower(i));
      case 'startswith':
        return value.startsWith(other);
      case 'endswith':
        return value.endsWith(other);
      case 'glob':
      case 'iglob': {
        const glob = this.rhs.glob(i, op === 'iglob');
        return isProblem(glob) ? this.problem(glob) : glob(value);
      }
      case 'regex': {
        const regex = this.rhs.regex(i);
        return isProblem(regex) ? this.problem(regex) : regex(value);
      }
      case 'bcontains':
      case 'bstartswith':
        return this.declared === 'string' ? this.notForType('string') : this.bytesElement(value, i, op);
      case 'in':
      case 'intersects':
      case 'pmatch':
        return this.notForType('string');
    }
  }

  /** `flt_compare_buffer` over the printed value's bytes; `bcontains`/`bstartswith` operands are hex. */
  private bytesElement(value: string, i: number, op: BinaryOperator): Verdict {
    let needle: Uint8Array;
    if (op === 'bcontains' || op === 'bstartswith') {
      const hex = this.rhs.hex(i);
      if (isProblem(hex)) return this.problem(hex);
      needle = hex;
    } else if (BYTE_TEXT_OPS.has(op)) {
      needle = utf8Bytes(this.rhs.text(i));
    } else {
      return this.notForType('bytes');
    }
    const found = bytesMatch(op, utf8Bytes(value), needle);
    if (op === '!=') return !found;
    // Falco prints buffers with non-printable bytes as '.': a miss may be a match we cannot see.
    if (!found && this.declared === 'bytes' && value.includes('.')) {
      return this.fail('lossy-buffer', 'the buffer was printed with non-printable bytes shown as "."');
    }
    return found;
  }

  private ipElement(kind: 'ipaddr' | 'ipnet', value: string, i: number, op: BinaryOperator): Verdict {
    if (op !== '=' && op !== '==' && op !== '!=') return this.notForType(kind);
    const address = parseIp(value);
    if (!address) return this.fail('unsupported', `'${value}' is not an IP address`);
    const text = this.rhs.text(i);
    const equal = ipMatches(kind, address, text);
    if (equal === undefined) {
      return this.fail(
        'invalid-in-falco',
        `'${text}' is not a valid IP ${kind === 'ipnet' ? 'network' : 'address'}`,
      );
    }
    return equal === (op !== '!=');
  }
}

/** A string-only test for `op` against `rhs`, when one exists without type or operand problems. */
function stringTest(op: BinaryOperator, rhs: RhsOperands): ((value: string) => boolean) | undefined {
  if (SET_OPS.has(op)) {
    const set = rhs.stringSet();
    return (value) => set.has(value);
  }
  if (op === 'pmatch') {
    const paths = rhs.pathPrefixes();
    return isProblem(paths) ? undefined : paths;
  }
  if (rhs.items.length !== 1) return undefined;
  const other = rhs.text(0);
  switch (op) {
    case '=':
    case '==':
      return (value) => value === other;
    case '!=':
      return (value) => value !== other;
    case 'contains':
      return (value) => value.includes(other);
    case 'icontains': {
      const lowered = rhs.lower(0);
      return (value) => asciiLower(value).includes(lowered);
    }
    case 'startswith':
      return (value) => value.startsWith(other);
    case 'endswith':
      return (value) => value.endsWith(other);
    case 'glob':
    case 'iglob': {
      const glob = rhs.glob(0, op === 'iglob');
      return isProblem(glob) ? undefined : glob;
    }
    case 'regex': {
      const regex = rhs.regex(0);
      return isProblem(regex) ? undefined : regex;
    }
    case '<':
    case '<=':
    case '>':
    case '>=':
    case 'bcontains':
    case 'bstartswith':
    case 'in':
    case 'intersects':
      return undefined;
  }
}
