/**
 * Compiles a condition for many alerts given known facts about them (knowns.ts): a known sub-condition becomes a
 * constant, and a list check that only grew (`proc.name in (L + titanagent)` where `proc.name in (L)` is known false)
 * tests the added items only. What remains is compiled once with the evaluator's compiled form.
 */
import type { BinaryCheckExpr, Expr } from '../../condition/index.js';
import { printed } from './printed.js';
import { compileCondition, type CompiledCondition, type EvalOptions, type Truth } from '../../eval/index.js';
import { listCheckKey, type Knowns } from './knowns.js';

export type Reduced =
  | { readonly kind: 'constant'; readonly value: Truth }
  | { readonly kind: 'test'; readonly test: CompiledCondition; readonly expr: Expr };

const TRUE: Reduced = { kind: 'constant', value: 'true' };
const FALSE: Reduced = { kind: 'constant', value: 'false' };

function test(expr: Expr, options: EvalOptions): Reduced {
  return { kind: 'test', test: compileCondition(expr, options), expr };
}

function reduceListCheck(check: BinaryCheckExpr, knowns: Knowns, options: EvalOptions): Reduced | undefined {
  const key = listCheckKey(check);
  if (key === undefined || check.right.type !== 'list') return undefined;
  const items = check.right.items;
  const values = new Set(items.map((item) => item.value));
  const known = knowns.falseListChecks.get(key)?.find((set) => [...set].every((value) => values.has(value)));
  if (known === undefined) return undefined;
  const added = items.filter((item) => !known.has(item.value));
  if (added.length === 0) return FALSE;
  return test({ ...check, right: { ...check.right, items: added } }, options);
}

/** Kleene and/or over compiled children (no recompilation of what is below). */
function junction(kind: 'and' | 'or', tests: readonly CompiledCondition[]): CompiledCondition {
  const absorbing: Truth = kind === 'and' ? 'false' : 'true';
  const neutral: Truth = kind === 'and' ? 'true' : 'false';
  return (fields) => {
    let unknown = false;
    for (const child of tests) {
      const result = child(fields);
      if (result === absorbing) return absorbing;
      if (result === 'unknown') unknown = true;
    }
    return unknown ? 'unknown' : neutral;
  };
}

function combine(kind: 'and' | 'or', parts: readonly Reduced[], expr: Expr, options: EvalOptions): Reduced {
  const absorbing = kind === 'and' ? 'false' : 'true';
  const remaining: { test: CompiledCondition; expr: Expr }[] = [];
  for (const part of parts) {
    if (part.kind === 'constant') {
      if (part.value === absorbing) return part;
      if (part.value === 'unknown') return test(expr, options); // keep Kleene semantics exact
      continue;
    }
    remaining.push(part);
  }
  const [only] = remaining;
  if (only === undefined) return kind === 'and' ? TRUE : FALSE;
  if (remaining.length === 1) return { kind: 'test', test: only.test, expr: only.expr };
  return {
    kind: 'test',
    test: junction(
      kind,
      remaining.map((part) => part.test),
    ),
    expr: { type: kind, children: remaining.map((part) => part.expr), span: expr.span },
  };
}

/** Reduces `expr` by `knowns`; a `test` carries the remaining condition (for display) and its compiled form. */
export function reduceCondition(expr: Expr, knowns: Knowns, options: EvalOptions = {}): Reduced {
  const known = knowns.truth.size === 0 ? undefined : knowns.truth.get(printed(expr));
  if (known !== undefined) return known ? TRUE : FALSE;
  switch (expr.type) {
    case 'and':
    case 'or':
      return combine(
        expr.type,
        expr.children.map((child) => reduceCondition(child, knowns, options)),
        expr,
        options,
      );
    case 'not': {
      const child = reduceCondition(expr.child, knowns, options);
      if (child.kind === 'constant')
        return child.value === 'unknown' ? child : child.value === 'true' ? FALSE : TRUE;
      const inner = child.test;
      return {
        kind: 'test',
        test: (fields) => {
          const result = inner(fields);
          return result === 'true' ? 'false' : result === 'false' ? 'true' : 'unknown';
        },
        expr: { type: 'not', child: child.expr, span: expr.span },
      };
    }
    case 'binary-check':
      return (
        (knowns.falseListChecks.size > 0 ? reduceListCheck(expr, knowns, options) : undefined) ??
        test(expr, options)
      );
    case 'identifier':
    case 'unary-check':
      return test(expr, options);
  }
}
