import type { Expr } from '../condition/index.js';
import { prepareCheck } from './check.js';
import type { FieldValues } from './field-values.js';
import type { EvalOptions } from './options.js';
import { notTruth, type Truth } from './truth.js';

/**
 * Evaluates a condition (macros expanded, lists substituted) against an alert's fields by walking the tree, deriving
 * each check from its node on every call. It is the reference the compiled form must agree with, and its baseline:
 * use {@link compileCondition} to evaluate one condition against many alerts.
 *
 * `and`/`or`/`not` are Kleene's three-valued connectives; an identifier (an unexpanded macro) is unknown.
 */
export function evaluateCondition(expr: Expr, fields: FieldValues, options: EvalOptions = {}): Truth {
  switch (expr.type) {
    case 'and': {
      let unknown = false;
      for (const child of expr.children) {
        const result = evaluateCondition(child, fields, options);
        if (result === 'false') return 'false';
        if (result === 'unknown') unknown = true;
      }
      return unknown ? 'unknown' : 'true';
    }
    case 'or': {
      let unknown = false;
      for (const child of expr.children) {
        const result = evaluateCondition(child, fields, options);
        if (result === 'true') return 'true';
        if (result === 'unknown') unknown = true;
      }
      return unknown ? 'unknown' : 'false';
    }
    case 'not':
      return notTruth(evaluateCondition(expr.child, fields, options));
    case 'identifier':
      return 'unknown';
    case 'unary-check':
    case 'binary-check':
      return prepareCheck(expr, options).test(fields);
  }
}
