/**
 * The event types a compiled syscall condition can match, after libs' `ppm_event_codes` (`filter/ppm_codes.cpp`):
 * `and` intersects, `or` unions, checks on `evt.type` with `=`, `==`, `!=` or `in` give explicit sets, every other
 * check is neutral (all types), and negations are pushed to the leaves (De Morgan) so that `not proc.name = x` stays
 * neutral while `not evt.type = open` becomes "all but open".
 *
 * Falco warns ("Rule matches too many evt.type values") when a rule matches more than 100 event codes. Recent
 * Falco treats `evt.num = 0` (the `never_true` placeholder) as matching nothing and does not warn about rules that
 * match nothing, which the conformance cases pin down. Without libs' event table we count two codes (enter and
 * exit) per named event type; "all types" is well over 100.
 */
import type { Expr } from '../condition/index.js';

/** Either exactly `names`, or every event type except `names`. */
interface TypeSet {
  readonly all: boolean;
  readonly names: ReadonlySet<string>;
}

const ALL: TypeSet = { all: true, names: new Set() };
const NONE: TypeSet = { all: false, names: new Set() };

function intersect(a: TypeSet, b: TypeSet): TypeSet {
  if (a.all && b.all) return { all: true, names: new Set([...a.names, ...b.names]) };
  if (a.all) return { all: false, names: new Set([...b.names].filter((n) => !a.names.has(n))) };
  if (b.all) return { all: false, names: new Set([...a.names].filter((n) => !b.names.has(n))) };
  return { all: false, names: new Set([...a.names].filter((n) => b.names.has(n))) };
}

function union(a: TypeSet, b: TypeSet): TypeSet {
  if (a.all && b.all) return { all: true, names: new Set([...a.names].filter((n) => b.names.has(n))) };
  if (a.all) return { all: true, names: new Set([...a.names].filter((n) => !b.names.has(n))) };
  if (b.all) return { all: true, names: new Set([...b.names].filter((n) => !a.names.has(n))) };
  return { all: false, names: new Set([...a.names, ...b.names]) };
}

function invert(a: TypeSet): TypeSet {
  return { all: !a.all, names: a.names };
}

const EQUALITY = new Set(['=', '==', '!=', 'in']);
const CODES_PER_TYPE = 2;
const TOO_MANY = 100;

/** The event types `expr` may match (`negated`: evaluate as if under a `not`). */
function typesOf(expr: Expr, negated: boolean): TypeSet {
  switch (expr.type) {
    case 'and':
    case 'or': {
      const conjunction = (expr.type === 'and') !== negated;
      let out = conjunction ? ALL : NONE;
      for (const child of expr.children)
        out = conjunction ? intersect(out, typesOf(child, negated)) : union(out, typesOf(child, negated));
      return out;
    }
    case 'not':
      return typesOf(expr.child, !negated);
    case 'identifier':
    case 'unary-check':
      return ALL;
    case 'binary-check': {
      const left = expr.left;
      if (left.type !== 'field' || left.arg !== undefined || expr.modifier !== undefined) return ALL;
      if (
        left.name === 'evt.num' &&
        (expr.operator === '=' || expr.operator === '==') &&
        expr.right.type === 'value' &&
        expr.right.value === '0'
      )
        return negated ? ALL : NONE;
      if (left.name !== 'evt.type' || !EQUALITY.has(expr.operator)) return ALL;
      const right = expr.right;
      const names =
        right.type === 'value'
          ? [right.value]
          : right.type === 'list'
            ? right.items.map((item) => item.value)
            : undefined;
      if (names === undefined) return ALL;
      let set: TypeSet = { all: false, names: new Set(names) };
      if (expr.operator === '!=') set = invert(set);
      return negated ? invert(set) : set;
    }
  }
}

/** Whether Falco would warn that the rule matches too many event types. */
export function matchesTooManyEventTypes(expr: Expr): boolean {
  const types = typesOf(expr, false);
  return types.all || types.names.size * CODES_PER_TYPE > TOO_MANY;
}
