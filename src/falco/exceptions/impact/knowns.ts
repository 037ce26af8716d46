/**
 * What a stored alert tells us beyond its fields: Falco raised it, so the rule's condition held for the event under
 * the rules deployed then. Every part of that condition whose truth follows (the conjuncts were true, the exclusions
 * `not X` were false, and so every disjunct of X) is a known fact about the event, even when the alert does not carry
 * the fields needed to evaluate it. A changed condition is then evaluated with those facts: only what the change adds
 * needs the alert's fields. That is the difference between "unknown" for most alerts and a real answer.
 */
import type { BinaryCheckExpr, Expr } from '../../condition/index.js';
import { printCondition } from '../../condition/index.js';
import { printed } from './printed.js';

const LIST_OPERATORS: ReadonlySet<string> = new Set(['in', 'pmatch', 'intersects']);

export interface Knowns {
  /** Printed sub-conditions and their truth for the event. */
  readonly truth: ReadonlyMap<string, boolean>;
  /** `field op (items)` checks known false, by `field op`: their items cannot match the event. */
  readonly falseListChecks: ReadonlyMap<string, readonly ReadonlySet<string>[]>;
}

export const NO_KNOWNS: Knowns = { truth: new Map(), falseListChecks: new Map() };

/** `proc.name in`: the key under which list checks over the same field and operator are compared. */
export function listCheckKey(check: BinaryCheckExpr): string | undefined {
  if (check.right.type !== 'list' || check.modifier !== undefined || !LIST_OPERATORS.has(check.operator))
    return undefined;
  return `${printCondition({ type: 'unary-check', left: check.left, operator: 'exists', span: check.span })} ${check.operator}`;
}

const knownsCache = new WeakMap<Expr, Knowns>();

/** The facts implied by `condition` having been `true` for the event (once per compiled condition). */
export function knownsFrom(condition: Expr): Knowns {
  const cached = knownsCache.get(condition);
  if (cached !== undefined) return cached;
  const knowns = computeKnowns(condition);
  knownsCache.set(condition, knowns);
  return knowns;
}

function computeKnowns(condition: Expr): Knowns {
  const truth = new Map<string, boolean>();
  const falseListChecks = new Map<string, ReadonlySet<string>[]>();
  const visit = (expr: Expr, value: boolean): void => {
    const text = printed(expr);
    if (truth.get(text) === !value) return; // contradictory facts: keep the first
    truth.set(text, value);
    if (expr.type === 'and' && value) for (const child of expr.children) visit(child, true);
    else if (expr.type === 'or' && !value) for (const child of expr.children) visit(child, false);
    else if (expr.type === 'not') visit(expr.child, !value);
    else if (expr.type === 'binary-check' && !value && expr.right.type === 'list') {
      const key = listCheckKey(expr);
      if (key === undefined) return;
      const sets = falseListChecks.get(key) ?? [];
      sets.push(new Set(expr.right.items.map((item) => item.value)));
      falseListChecks.set(key, sets);
    }
  };
  visit(condition, true);
  return { truth, falseListChecks };
}
