/**
 * Finds an event on which a condition is true: field values built from the condition's own constants, checked with
 * the real evaluator. The condition is put in negation normal form; a depth-first search picks one branch of each
 * `or` (within a budget), gathers the checks that must hold, and gives each field the first candidate value that
 * satisfies every check on it (constants of `=`/`in`, strings built around `startswith`/`endswith`/`contains`,
 * numbers next to bounds, a neutral value). The whole condition is then evaluated; only an event on which it is
 * `true` is returned.
 *
 * Used to show the effects model right on real rules: an event where `after and not before` holds is a rule firing
 * more; `before and not after`, a rule silenced. The search is incomplete (no answer proves nothing), sound when it
 * answers.
 */
import type { BinaryCheckExpr, Expr } from '../../src/falco/condition/ast.js';
import { SYNTHETIC } from '../../src/falco/condition/ast.js';
import { compileCondition, type EvalOptions, type FieldValues } from '../../src/falco/eval/index.js';

interface Literal {
  readonly check: Expr;
  readonly negated: boolean;
}

type Nnf =
  | { readonly kind: 'and' | 'or'; readonly children: readonly Nnf[] }
  | { readonly kind: 'literal'; readonly literal: Literal };

function nnf(expr: Expr, negated: boolean): Nnf {
  switch (expr.type) {
    case 'and':
    case 'or': {
      const kind = (expr.type === 'and') !== negated ? 'and' : 'or';
      return { kind, children: expr.children.map((child) => nnf(child, negated)) };
    }
    case 'not':
      return nnf(expr.child, !negated);
    case 'binary-check':
    case 'unary-check':
    case 'identifier':
      return { kind: 'literal', literal: { check: expr, negated } };
  }
}

function fieldKey(check: Expr): string | undefined {
  if (check.type !== 'binary-check' && check.type !== 'unary-check') return undefined;
  if (check.left.type !== 'field') return undefined;
  if (check.type === 'binary-check' && check.right.type === 'transformer') return undefined;
  return check.left.arg === undefined ? check.left.name : `${check.left.name}[${check.left.arg}]`;
}

const NEUTRAL = ['zz-neutral-value', '/zz/neutral/path', '12345', '0'];

function constants(check: BinaryCheckExpr): string[] {
  const right = check.right;
  return right.type === 'list'
    ? right.items.map((item) => item.value)
    : right.type === 'value'
      ? [right.value]
      : [];
}

/** Values that may satisfy `check` when it must hold. */
function candidatesFor(check: BinaryCheckExpr): string[] {
  const out: string[] = [];
  for (const c of constants(check)) {
    switch (check.operator) {
      case 'startswith':
      case 'bstartswith':
        out.push(c, `${c}${c.endsWith('/') ? '' : '/'}zz`);
        break;
      case 'endswith':
        out.push(c, `/zz${c}`);
        break;
      case 'contains':
      case 'icontains':
      case 'bcontains':
        out.push(c, `zz${c}zz`);
        break;
      case 'pmatch':
        out.push(c, `${c.replace(/\/+$/, '')}/zz`);
        break;
      case 'glob':
      case 'iglob':
        out.push(
          c
            .replace(/\*/g, 'zz')
            .replace(/\?/g, 'z')
            .replace(/\[[^\]]*\]/g, 'a'),
        );
        break;
      case '<':
      case '<=':
      case '>':
      case '>=':
        if (/^-?\d+$/.test(c)) out.push(String(Number(c) - 1), c, String(Number(c) + 1));
        break;
      case '=':
      case '==':
      case '!=':
      case 'in':
      case 'intersects':
      case 'regex':
        out.push(c);
    }
  }
  return out;
}

function typed(value: string, numeric: boolean): string | number {
  return numeric && /^-?\d+$/.test(value) ? Number(value) : value;
}

const compiledLiterals = new WeakMap<Expr, Map<boolean, ReturnType<typeof compileCondition>>>();

/** A literal's check compiled once (the search tries the same literals many times). */
function literalTest({ check, negated }: Literal, options: EvalOptions): ReturnType<typeof compileCondition> {
  let byPolarity = compiledLiterals.get(check);
  if (byPolarity === undefined) {
    byPolarity = new Map();
    compiledLiterals.set(check, byPolarity);
  }
  let test = byPolarity.get(negated);
  if (test === undefined) {
    test = compileCondition(negated ? { type: 'not', child: check, span: SYNTHETIC } : check, options);
    byPolarity.set(negated, test);
  }
  return test;
}

/** A value for one field that satisfies all its literals, or undefined. */
function valueFor(
  key: string,
  literals: readonly Literal[],
  options: EvalOptions,
): string | number | undefined {
  const tests = literals.map((literal) => literalTest(literal, options));
  const numeric = literals.some(
    ({ check }) =>
      check.type === 'binary-check' &&
      ['<', '<=', '>', '>='].includes(check.operator) &&
      constants(check).every((c) => /^-?\d+$/.test(c)),
  );
  const pool = [
    // Constants of negated checks too: `not container.id != host` needs `host`.
    ...literals.flatMap(({ check }) => (check.type === 'binary-check' ? candidatesFor(check) : [])),
    ...NEUTRAL,
  ];
  for (const raw of pool) {
    const value = typed(raw, numeric);
    if (tests.every((test) => test({ [key]: value }) === 'true')) return value;
  }
  return undefined;
}

/** An event on which `expr` is true, or undefined when the search finds none within `budget` branch choices. */
export function findWitness(expr: Expr, options: EvalOptions = {}, budget = 2000): FieldValues | undefined {
  const whole = compileCondition(expr, options);
  let left = budget;
  const assign = (literals: readonly Literal[]): FieldValues | undefined => {
    const byField = new Map<string, Literal[]>();
    for (const literal of literals) {
      const key = fieldKey(literal.check);
      if (key === undefined) return undefined;
      byField.set(key, [...(byField.get(key) ?? []), literal]);
    }
    const event: Record<string, string | number> = {};
    for (const [key, group] of byField) {
      const value = valueFor(key, group, options);
      if (value === undefined) return undefined;
      event[key] = value;
    }
    return whole(event) === 'true' ? event : undefined;
  };
  const search = (stack: readonly Nnf[], literals: readonly Literal[]): FieldValues | undefined => {
    if (left <= 0) return undefined;
    const [next, ...rest] = stack;
    if (next === undefined) {
      left -= 1;
      return assign(literals);
    }
    switch (next.kind) {
      case 'and':
        return search([...next.children, ...rest], literals);
      case 'or':
        for (const child of next.children) {
          const found = search([child, ...rest], literals);
          if (found !== undefined) return found;
          if (left <= 0) return undefined;
        }
        return undefined;
      case 'literal':
        return search(rest, [...literals, next.literal]);
    }
  };
  return search([nnf(expr, false)], []);
}

/** `a and not b`: an event where the first holds and the second does not. */
export function andNot(a: Expr, b: Expr): Expr {
  return { type: 'and', children: [a, { type: 'not', child: b, span: SYNTHETIC }], span: SYNTHETIC };
}
