import type { BinaryCheckExpr, FieldExpr, UnaryCheckExpr } from '../condition/index.js';
import { ancestorKeyCandidates, compileAncestry, isAncestorField } from './ancestors.js';
import {
  fieldKeyCandidates,
  fieldText,
  isSidekickTruncated,
  lookupField,
  lookupFieldWithKey,
  type FieldValue,
  type FieldValues,
  type Scalar,
} from './field-values.js';
import type { FieldType } from './field-types.js';
import { operandValue, scalarText, type FieldRead, type Operand, type OperandReader } from './operand.js';
import { buildComparator, type Comparator } from './operators.js';
import type { EvalOptions } from './options.js';
import { compileOperand, fieldRead, operandType } from './read-operand.js';
import { truncatedVerdict } from './truncation.js';
import { truthOf, type Truth, type UnknownReason, type Verdict } from './truth.js';

/** What a traced check looked at and concluded. JSON-serializable. */
export interface CheckTrace {
  readonly result: Truth;
  readonly reason?: UnknownReason;
  /** More about an unknown result: the type error Falco would report, the construct we do not model... */
  readonly detail?: string;
  /** The left-hand side's value after transformers (`null` when Falco printed `<NA>`); missing when unknown. */
  readonly value?: FieldValue;
  /** The right-hand side's value when it is a field (`val(proc.pname)`) or a transformer. */
  readonly compared?: FieldValue;
  /** Every alert field the check read, in order. */
  readonly reads: readonly FieldRead[];
}

/** A check prepared once (keys resolved, operands parsed, matchers compiled) and applied to many alerts. */
export interface PreparedCheck {
  readonly test: (fields: FieldValues) => Truth;
  readonly explain: (fields: FieldValues) => CheckTrace;
}

/** Collects what an evaluation looked at, for {@link PreparedCheck.explain}. */
interface Sink {
  readonly reads: FieldRead[];
  value?: FieldValue;
  compared?: FieldValue;
  detail?: string;
}

type Evaluate = (fields: FieldValues, sink?: Sink) => Verdict;

/** A prepared check's evaluation, and optionally a faster equivalent of `truthOf(evaluate(fields))`. */
interface Prepared {
  readonly evaluate: Evaluate;
  readonly test?: (fields: FieldValues) => Truth;
}

/** Shorter strings cannot be Falcosidekick-truncated ones (510 bytes of UTF-8 are at least 170 UTF-16 units). */
const SHORTEST_TRUNCATED = 170;

/** A value a comparison applies to: an alert's (non-null) value or a transformer's result. */
type Present = Exclude<FieldValue, null> | readonly Scalar[];

export function prepareCheck(
  node: UnaryCheckExpr | BinaryCheckExpr,
  options: EvalOptions = {},
): PreparedCheck {
  const prepared: Prepared =
    node.type === 'unary-check' ? { evaluate: prepareExists(node, options) } : prepareBinary(node, options);
  const { evaluate } = prepared;
  return {
    test: prepared.test ?? ((fields) => truthOf(evaluate(fields))),
    explain: (fields) => {
      const sink: Sink = { reads: [] };
      const verdict = evaluate(fields, sink);
      return traceOf(verdict, sink);
    },
  };
}

function traceOf(verdict: Verdict, sink: Sink): CheckTrace {
  const trace: { -readonly [K in keyof CheckTrace]: CheckTrace[K] } = {
    result: truthOf(verdict),
    reads: sink.reads,
  };
  if (typeof verdict === 'string') {
    trace.reason = verdict;
    if (sink.detail !== undefined) trace.detail = sink.detail;
  }
  if (sink.value !== undefined) trace.value = sink.value;
  if (sink.compared !== undefined) trace.compared = sink.compared;
  return trace;
}

function prepareExists(node: UnaryCheckExpr, options: EvalOptions): Evaluate {
  const left = node.left;
  if (left.type === 'field' && isAncestorField(left)) {
    const ancestry = compileAncestry(left, options);
    return (fields, sink) => ancestry(fields, () => true, sink?.reads);
  }
  const read = leftReader(left, options);
  return (fields, sink) => {
    const operand = read(fields, sink?.reads);
    if (sink) noteOperand(sink, operand);
    if (operand.kind === 'unknown') return operand.reason;
    return operand.kind !== 'null';
  };
}

function prepareBinary(node: BinaryCheckExpr, options: EvalOptions): Prepared {
  const { left, right, operator, modifier } = node;
  const declared = leftType(left, options);
  const listOperator = operator === 'in' || operator === 'intersects' || operator === 'pmatch';

  let comparator: Comparator | undefined;
  let rightReader: OperandReader | undefined;
  if (right.type === 'value') {
    if (listOperator || modifier !== undefined) {
      const name = right.value;
      return {
        evaluate: (_fields, sink) =>
          note(sink, 'unresolved-name', `'${name}' names a list that was not expanded`),
      };
    }
    comparator = buildComparator(operator, modifier, [right.value], declared);
  } else if (right.type === 'list') {
    comparator = buildComparator(
      operator,
      modifier,
      right.items.map((item) => item.value),
      declared,
    );
  } else if (operator === 'pmatch' || operator === 'regex') {
    const problem = `operator '${operator}' doesn't support right-hand side fields`;
    return { evaluate: (_fields, sink) => note(sink, 'invalid-in-falco', problem) };
  } else {
    rightReader = compileOperand(right, options);
  }

  const compare = (value: Present, fields: FieldValues, sink?: Sink): Verdict => {
    if (comparator) return applyComparator(comparator, value, sink);
    return compareWithRight(value, fields, sink);
  };

  const compareWithRight = (value: Present, fields: FieldValues, sink?: Sink): Verdict => {
    const rightOperand = rightReader ? rightReader(fields, sink?.reads) : ({ kind: 'null' } as Operand);
    if (sink) sink.compared = operandValue(rightOperand);
    if (rightOperand.kind === 'unknown') return note(sink, rightOperand.reason, rightOperand.detail);
    if (rightOperand.kind === 'null') return false;
    const rightValues = rightOperand.kind === 'list' ? rightOperand.values : [rightOperand.value];
    const leftIsList = Array.isArray(value);
    const leftSample: unknown = leftIsList ? value[0] : value;
    const mismatch =
      leftIsList !== (rightOperand.kind === 'list') ||
      (leftSample !== undefined &&
        rightValues[0] !== undefined &&
        typeof leftSample !== typeof rightValues[0]);
    if (mismatch) return note(sink, 'invalid-in-falco', 'the right-hand side field has an incompatible type');
    return applyComparator(
      buildComparator(operator, modifier, rightValues.map(scalarText), declared),
      value,
      sink,
    );
  };

  if (left.type === 'field' && isAncestorField(left)) {
    const ancestry = compileAncestry(left, options);
    return {
      evaluate: (fields, sink) => ancestry(fields, (value) => compare(value, fields, sink), sink?.reads),
    };
  }

  if (left.type === 'field') {
    const keys = fieldKeys(left, options);
    const text = fieldText(left);
    const evaluate: Evaluate = (fields, sink) => {
      if (sink) return tracedField(fields, sink, keys, text, compare);
      const value = lookupField(fields, keys);
      if (value === undefined) return 'absent';
      if (value === null) return false;
      return compare(value, fields);
    };
    const fast = comparator?.stringTest;
    if (!fast) return { evaluate };
    // The compiled form's hot path: a plain string compared with constants.
    const test = (fields: FieldValues): Truth => {
      const value = lookupField(fields, keys);
      if (value === undefined) return 'unknown';
      if (value === null) return 'false';
      if (typeof value === 'string' && (value.length < SHORTEST_TRUNCATED || !isSidekickTruncated(value))) {
        return fast(value) ? 'true' : 'false';
      }
      return truthOf(compare(value, fields));
    };
    return { evaluate, test };
  }

  const read = leftReader(left, options);
  const evaluate: Evaluate = (fields, sink) => {
    const operand = read(fields, sink?.reads);
    if (sink) noteOperand(sink, operand);
    switch (operand.kind) {
      case 'unknown':
        return operand.reason;
      case 'null':
        return false;
      case 'value':
        return compare(operand.value, fields, sink);
      case 'list':
        return compare(operand.values, fields, sink);
    }
  };
  return { evaluate };
}

function tracedField(
  fields: FieldValues,
  sink: Sink,
  keys: readonly string[],
  text: string,
  compare: (value: Present, fields: FieldValues, sink?: Sink) => Verdict,
): Verdict {
  const found = lookupFieldWithKey(fields, keys);
  sink.reads.push(fieldRead(text, found?.key, found?.value));
  if (!found) return 'absent';
  sink.value = found.value;
  if (found.value === null) return false;
  return compare(found.value, fields, sink);
}

function applyComparator(comparator: Comparator, value: Present, sink?: Sink): Verdict {
  let verdict: Verdict;
  if (Array.isArray(value)) verdict = comparator.list(value);
  else if (typeof value === 'object')
    return note(sink, 'unsupported', 'the alert value is not a field value');
  else if (typeof value === 'string' && isSidekickTruncated(value))
    verdict = truncatedVerdict(comparator, value);
  else verdict = comparator.scalar(value);
  if (sink && typeof verdict === 'string' && comparator.lastProblem !== undefined) {
    sink.detail = comparator.lastProblem;
  }
  return verdict;
}

function note(sink: Sink | undefined, reason: UnknownReason, detail: string | undefined): Verdict {
  if (sink && detail !== undefined) sink.detail = detail;
  return reason;
}

function noteOperand(sink: Sink, operand: Operand): void {
  const value = operandValue(operand);
  if (value !== undefined) sink.value = value;
  if (operand.kind === 'unknown' && operand.detail !== undefined) sink.detail = operand.detail;
}

function fieldKeys(field: FieldExpr, options: EvalOptions): string[] {
  return field.name in ANCESTOR_INDEXED
    ? ancestorKeyCandidates(field, options)
    : fieldKeyCandidates(field, options);
}

const ANCESTOR_INDEXED: Readonly<Record<string, true>> = {
  'proc.aname': true,
  'proc.apid': true,
  'proc.aexe': true,
  'proc.aexepath': true,
  'proc.acmdline': true,
};

function leftReader(left: BinaryCheckExpr['left'], options: EvalOptions): OperandReader {
  if (left.type === 'field') {
    const keys = fieldKeys(left, options);
    const text = fieldText(left);
    return (fields, reads) => {
      const found = lookupFieldWithKey(fields, keys);
      reads?.push(fieldRead(text, found?.key, found?.value));
      const value = found?.value;
      if (value === undefined) return { kind: 'unknown', reason: 'absent' };
      if (value === null) return { kind: 'null' };
      if (Array.isArray(value)) return { kind: 'list', values: value };
      return { kind: 'value', value: value as string | number | boolean };
    };
  }
  return compileOperand(left, options);
}

function leftType(left: BinaryCheckExpr['left'], options: EvalOptions): FieldType | undefined {
  return operandType(left, options);
}
