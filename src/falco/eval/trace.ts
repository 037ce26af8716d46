import type {
  BinaryOperator,
  Expr,
  FieldOperand,
  Modifier,
  Span,
  TransformerArg,
  UnaryCheckExpr,
  BinaryCheckExpr,
} from '../condition/index.js';
import { printCondition } from '../condition/index.js';
import { prepareCheck, type CheckTrace } from './check.js';
import { fieldText, type FieldValues } from './field-values.js';
import type { EvalOptions } from './options.js';
import { notTruth, type Truth } from './truth.js';

/**
 * The evaluation of a condition node by node, mirroring the AST, for explanations such as
 * "proc.name in (aide, …) → false (proc.name = titanagent)". Every node has its result and span; checks also say
 * what they read and why they are unknown. Unlike evaluation, tracing does not short-circuit: every branch is shown.
 * The tree is plain JSON.
 */
export type TraceNode =
  | {
      readonly type: 'and' | 'or';
      readonly result: Truth;
      readonly span: Span;
      readonly children: readonly TraceNode[];
    }
  | { readonly type: 'not'; readonly result: Truth; readonly span: Span; readonly child: TraceNode }
  | {
      readonly type: 'identifier';
      readonly result: 'unknown';
      readonly reason: 'unresolved-name';
      readonly name: string;
      readonly span: Span;
    }
  | CheckTraceNode;

export interface CheckTraceNode extends CheckTrace {
  readonly type: 'check';
  readonly span: Span;
  /** The check as Falco prints it (canonical form). */
  readonly text: string;
  /** The left-hand side as written: `proc.name`, `proc.aname[2]`, `tolower(proc.name)`. */
  readonly field: string;
  readonly operator: BinaryOperator | 'exists';
  readonly modifier?: Modifier;
  /** The constant right-hand side values (a single value, or a list's items). */
  readonly operands?: readonly string[];
}

export type CompiledTracer = (fields: FieldValues) => TraceNode;

/** Traces one alert through a condition. */
export function traceCondition(expr: Expr, fields: FieldValues, options: EvalOptions = {}): TraceNode {
  return compileTracer(expr, options)(fields);
}

/** Prepares a condition for tracing many alerts (checks are prepared once). */
export function compileTracer(expr: Expr, options: EvalOptions = {}): CompiledTracer {
  switch (expr.type) {
    case 'and':
    case 'or': {
      const children = expr.children.map((child) => compileTracer(child, options));
      const type = expr.type;
      return (fields) => {
        const traced = children.map((child) => child(fields));
        return { type, result: combine(type, traced), span: expr.span, children: traced };
      };
    }
    case 'not': {
      const child = compileTracer(expr.child, options);
      return (fields) => {
        const traced = child(fields);
        return { type: 'not', result: notTruth(traced.result), span: expr.span, child: traced };
      };
    }
    case 'identifier':
      return () => ({
        type: 'identifier',
        result: 'unknown',
        reason: 'unresolved-name',
        name: expr.name,
        span: expr.span,
      });
    case 'unary-check':
    case 'binary-check':
      return compileCheckTracer(expr, options);
  }
}

function combine(type: 'and' | 'or', children: readonly TraceNode[]): Truth {
  const decisive: Truth = type === 'and' ? 'false' : 'true';
  if (children.some((child) => child.result === decisive)) return decisive;
  if (children.some((child) => child.result === 'unknown')) return 'unknown';
  return type === 'and' ? 'true' : 'false';
}

function compileCheckTracer(node: UnaryCheckExpr | BinaryCheckExpr, options: EvalOptions): CompiledTracer {
  const check = prepareCheck(node, options);
  const { span, operator } = node;
  const text = printCondition(node);
  const field = operandText(node.left);
  const modifier = node.type === 'binary-check' ? node.modifier : undefined;
  const operands = constantOperands(node);
  return (fields) => {
    const explained = check.explain(fields);
    const traced: { -readonly [K in keyof CheckTraceNode]: CheckTraceNode[K] } = {
      type: 'check',
      result: explained.result,
      span,
      text,
      field,
      operator,
      reads: explained.reads,
    };
    if (modifier !== undefined) traced.modifier = modifier;
    if (operands !== undefined) traced.operands = operands;
    if (explained.reason !== undefined) traced.reason = explained.reason;
    if (explained.detail !== undefined) traced.detail = explained.detail;
    if (explained.value !== undefined) traced.value = explained.value;
    if (explained.compared !== undefined) traced.compared = explained.compared;
    return traced;
  };
}

function constantOperands(node: UnaryCheckExpr | BinaryCheckExpr): readonly string[] | undefined {
  if (node.type === 'unary-check') return undefined;
  if (node.right.type === 'value') return [node.right.value];
  if (node.right.type === 'list') return node.right.items.map((item) => item.value);
  return undefined;
}

const BARE_VALUE = /^[^()"'\s=,]+$/;

/** The text of an operand for people: fields as written, transformers with their arguments. */
export function operandText(expr: FieldOperand | TransformerArg): string {
  switch (expr.type) {
    case 'field':
      return fieldText(expr);
    case 'value':
      return BARE_VALUE.test(expr.value) ? expr.value : JSON.stringify(expr.value);
    case 'transformer-list':
      return `(${expr.items.map(operandText).join(', ')})`;
    case 'transformer': {
      const index = expr.arg === undefined ? '' : `[${expr.arg}]`;
      return `${expr.name}(${expr.args.map(operandText).join(', ')})${index}`;
    }
  }
}
