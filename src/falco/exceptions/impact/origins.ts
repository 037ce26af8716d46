/**
 * What each top-level part of a rule's compiled condition comes from, to say what excepts an alert: one of the
 * rule's exceptions (Falco appends them as `and not (...)` after the condition, one per exception with values), a
 * macro (`not user_known_...`), a list (`not proc.name in (..., hids_binaries)`) or the condition itself. The compiled
 * condition's parts line up one to one with the parts of the condition as written (macros and lists are expanded in
 * place), which is where the names are still visible.
 */
import type { Expr } from '../../condition/index.js';
import { parseCondition } from '../../condition/index.js';
import type { LoadedRule, Ruleset } from '../../rules/index.js';
import type { FalcoVersion } from '../../version.js';

export interface ExceptedBy {
  readonly kind: 'exception' | 'list' | 'macro' | 'condition' | 'rule-disabled';
  /** The exception, macro or list name(s), comma-separated; the rule name for `condition`/`rule-disabled`. */
  readonly name: string;
}

export interface Conjunct {
  readonly expr: Expr;
  readonly origin: ExceptedBy;
}

function parts(expr: Expr): readonly Expr[] {
  return expr.type === 'and' ? expr.children : [expr];
}

function namedLists(expr: Expr, lists: ReadonlySet<string>, into: Set<string>): void {
  switch (expr.type) {
    case 'and':
    case 'or':
      for (const child of expr.children) namedLists(child, lists, into);
      return;
    case 'not':
      namedLists(expr.child, lists, into);
      return;
    case 'binary-check': {
      const right = expr.right;
      const items = right.type === 'list' ? right.items : right.type === 'value' ? [right] : [];
      for (const item of items) if (lists.has(item.value)) into.add(item.value);
      return;
    }
    case 'identifier':
    case 'unary-check':
      return;
  }
}

function writtenOrigin(
  written: Expr,
  rule: string,
  lists: ReadonlySet<string>,
  changed: ReadonlySet<string>,
): ExceptedBy {
  // Only a negated part is an exception point; a positive part that is false means the rule no longer matches.
  if (written.type !== 'not') return { kind: 'condition', name: rule };
  let inner = written.child;
  while (inner.type === 'not') inner = inner.child;
  if (inner.type === 'identifier') return { kind: 'macro', name: inner.name };
  const names = new Set<string>();
  namedLists(written, lists, names);
  if (names.size > 0) {
    const relevant = [...names].filter((name) => changed.has(name));
    return { kind: 'list', name: (relevant.length > 0 ? relevant : [...names]).join(', ') };
  }
  return { kind: 'condition', name: rule };
}

/**
 * The rule's compiled condition split into its top-level parts, each with its origin. `changedLists` picks, among
 * the lists a part names, the ones a change touched.
 */
export function ruleConjuncts(
  rule: LoadedRule,
  ruleset: Ruleset,
  version: FalcoVersion,
  changedLists: ReadonlySet<string> = new Set(),
): Conjunct[] {
  const compiled = rule.compiled?.ast;
  if (compiled === undefined) return [];
  const exceptions = rule.exceptions.filter((exception) => exception.values.length > 0);
  let condition: Expr = compiled;
  let exceptionParts: readonly Expr[] = [];
  if (
    exceptions.length > 0 &&
    compiled.type === 'and' &&
    compiled.children.length === exceptions.length + 1
  ) {
    const [first, ...rest] = compiled.children;
    if (first !== undefined) {
      condition = first;
      exceptionParts = rest;
    }
  }
  const compiledParts = parts(condition);
  const written = parseCondition(rule.condition, { version });
  const writtenParts = written.ok ? parts(written.value) : [];
  const lists = new Set(ruleset.lists.map((list) => list.name));
  const aligned = writtenParts.length === compiledParts.length;
  const out: Conjunct[] = compiledParts.map((expr, index) => {
    const source = aligned ? writtenParts[index] : undefined;
    const origin =
      source === undefined
        ? { kind: 'condition' as const, name: rule.name }
        : writtenOrigin(source, rule.name, lists, changedLists);
    return { expr, origin };
  });
  exceptionParts.forEach((expr, index) => {
    out.push({ expr, origin: { kind: 'exception', name: exceptions[index]?.name ?? '' } });
  });
  return out;
}
