import type { Expr } from '../condition/index.js';
import { prepareCheck } from './check.js';
import type { FieldValues } from './field-values.js';
import type { EvalOptions } from './options.js';
import type { Truth } from './truth.js';

/** A condition compiled for one set of options; evaluates alerts with the semantics of `evaluateCondition`. */
export type CompiledCondition = (fields: FieldValues) => Truth;

/**
 * Compiles a condition (macros expanded, lists substituted) into a function over alerts. Everything that does not
 * depend on the alert is done here, once: alert key spellings, numeric and boolean operands, `in` sets, glob, regex
 * and path-prefix matchers. Built for simulating a rule or exception over large alert stores.
 */
export function compileCondition(expr: Expr, options: EvalOptions = {}): CompiledCondition {
  switch (expr.type) {
    case 'and':
      return compileAnd(expr.children.map((child) => compileCondition(child, options)));
    case 'or':
      return compileOr(expr.children.map((child) => compileCondition(child, options)));
    case 'not': {
      const child = compileCondition(expr.child, options);
      return (fields) => {
        const result = child(fields);
        return result === 'true' ? 'false' : result === 'false' ? 'true' : 'unknown';
      };
    }
    case 'identifier':
      return () => 'unknown';
    case 'unary-check':
    case 'binary-check':
      return prepareCheck(expr, options).test;
  }
}

function compileAnd(children: readonly CompiledCondition[]): CompiledCondition {
  const [first, second] = children;
  if (children.length === 1 && first) return first;
  if (children.length === 2 && first && second) {
    return (fields) => {
      const a = first(fields);
      if (a === 'false') return 'false';
      const b = second(fields);
      if (b === 'false') return 'false';
      return a === 'unknown' || b === 'unknown' ? 'unknown' : 'true';
    };
  }
  return (fields) => {
    let unknown = false;
    for (const child of children) {
      const result = child(fields);
      if (result === 'false') return 'false';
      if (result === 'unknown') unknown = true;
    }
    return unknown ? 'unknown' : 'true';
  };
}

function compileOr(children: readonly CompiledCondition[]): CompiledCondition {
  const [first, second] = children;
  if (children.length === 1 && first) return first;
  if (children.length === 2 && first && second) {
    return (fields) => {
      const a = first(fields);
      if (a === 'true') return 'true';
      const b = second(fields);
      if (b === 'true') return 'true';
      return a === 'unknown' || b === 'unknown' ? 'unknown' : 'false';
    };
  }
  return (fields) => {
    let unknown = false;
    for (const child of children) {
      const result = child(fields);
      if (result === 'true') return 'true';
      if (result === 'unknown') unknown = true;
    }
    return unknown ? 'unknown' : 'false';
  };
}
