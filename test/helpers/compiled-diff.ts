/**
 * What the real loader says a change did to one rule: the compiled conditions before and after are walked side by
 * side, and every place they differ is a site with its polarity (the `not`s above it in the compiled, fully
 * expanded condition) and how it moved (a list check that gained items, an `or` that gained a branch, or anything
 * else). This reads only the loader's output, so it is an independent check of the effects model, which reasons
 * over the conditions as written.
 */
import type { Expr } from '../../src/falco/condition/ast.js';
import { printCondition } from '../../src/falco/condition/printer.js';

export interface CompiledEffect {
  readonly silenced: boolean;
  readonly widened: boolean;
}

type Move = 'up' | 'down' | 'both';

function itemsOf(expr: Expr): readonly string[] | undefined {
  return expr.type === 'binary-check' && expr.right.type === 'list'
    ? expr.right.items.map((item) => item.value)
    : undefined;
}

function listMove(before: Expr, after: Expr): Move | undefined {
  if (before.type !== 'binary-check' || after.type !== 'binary-check') return undefined;
  const b = itemsOf(before);
  const a = itemsOf(after);
  if (b === undefined || a === undefined || before.operator !== after.operator) return undefined;
  const sameLeft =
    printCondition({ ...before, right: { ...before.right, type: 'list', items: [] } }) ===
    printCondition({ ...after, right: { ...after.right, type: 'list', items: [] } });
  if (!sameLeft) return undefined;
  const grows = b.every((item) => a.includes(item));
  const shrinks = a.every((item) => b.includes(item));
  const move: Move = grows && !shrinks ? 'up' : shrinks && !grows ? 'down' : 'both';
  if (after.modifier === 'allof') return move === 'up' ? 'down' : move === 'down' ? 'up' : 'both';
  return after.modifier === 'oneof' ? 'both' : move;
}

/** `after` is `before` with more `or` branches (a macro that gained `or (...)`, flattened or not). */
function orGrew(before: Expr, after: Expr): boolean {
  if (after.type !== 'or') return false;
  const text = printCondition(before);
  if (printCondition(after.children[0] ?? after) === text) return true;
  if (before.type !== 'or' || after.children.length <= before.children.length) return false;
  return before.children.every(
    (child, i) => printCondition(child) === printCondition(after.children[i] ?? child),
  );
}

/** `after` is `before` with more `and` conjuncts (a condition append or an exception: `and not (...)`). */
function andGrew(before: Expr, after: Expr): boolean {
  if (after.type !== 'and') return false;
  if (printCondition(after.children[0] ?? after) === printCondition(before)) return true;
  if (before.type !== 'and' || after.children.length <= before.children.length) return false;
  return before.children.every(
    (child, i) => printCondition(child) === printCondition(after.children[i] ?? child),
  );
}

/** The sites where `after` differs from `before`, with the rule's move at each. */
function sites(before: Expr, after: Expr, negated: boolean, out: Move[]): void {
  if (printCondition(before) === printCondition(after)) return;
  const flip = (move: Move): Move =>
    !negated ? move : move === 'up' ? 'down' : move === 'down' ? 'up' : 'both';
  const list = listMove(before, after);
  if (list !== undefined) {
    out.push(flip(list));
    return;
  }
  if (orGrew(before, after)) {
    out.push(flip('up'));
    return;
  }
  if (andGrew(before, after)) {
    out.push(flip('down'));
    return;
  }
  if (before.type === 'not' && after.type === 'not') {
    sites(before.child, after.child, !negated, out);
    return;
  }
  if (
    (before.type === 'and' || before.type === 'or') &&
    after.type === before.type &&
    before.children.length === after.children.length
  ) {
    before.children.forEach((child, i) => sites(child, after.children[i] ?? child, negated, out));
    return;
  }
  out.push('both');
}

/** The change of one rule's compiled condition, or undefined when it did not change. */
export function compiledEffect(before: Expr, after: Expr): CompiledEffect | undefined {
  const moves: Move[] = [];
  sites(before, after, false, moves);
  if (moves.length === 0) return undefined;
  return {
    silenced: moves.some((move) => move !== 'up'),
    widened: moves.some((move) => move !== 'down'),
  };
}
