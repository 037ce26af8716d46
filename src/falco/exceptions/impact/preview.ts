/**
 * The impact of a synthesised exception without loading the edited rules (the Slack modal re-plans on every click):
 * the change is applied to the compiled conditions directly. A rule exception or condition adds `not (predicate)` to
 * its rule; a macro change ORs the predicate into every copy of the macro's compiled condition; a list append adds
 * the items to every list check that holds all of the list's items. Then the same reduction as planImpact.
 */
import type { Expr, ListExpr } from '../../condition/index.js';
import { SYNTHETIC } from '../../condition/index.js';
import { unescapeQuoted } from '../../condition/index.js';
import { parseCondition } from '../../condition/index.js';
import { printCondition } from '../../condition/index.js';
import { printed } from './printed.js';
import { compileCondition } from '../../eval/index.js';
import type { Ruleset } from '../../rules/index.js';
import { NEWEST_VERSION } from '../../version.js';
import type { Synthesis } from '../types.js';
import { knownsFrom } from './knowns.js';
import type { ExceptedBy } from './origins.js';
import { evalOptions, planParts, type ImpactPlan, type PlanOptions, type RulePlan } from './plan.js';
import { reduceCondition } from './reduce.js';

/** `expr` with `fn`'s replacements; subtrees without one are returned as they are (their texts stay cached). */
function mapExpr(expr: Expr, fn: (expr: Expr) => Expr | undefined): Expr {
  const replaced = fn(expr);
  if (replaced !== undefined) return replaced;
  switch (expr.type) {
    case 'and':
    case 'or': {
      const children = expr.children.map((child) => mapExpr(child, fn));
      return children.every((child, i) => child === expr.children[i]) ? expr : { ...expr, children };
    }
    case 'not': {
      const child = mapExpr(expr.child, fn);
      return child === expr.child ? expr : { ...expr, child };
    }
    case 'binary-check':
    case 'identifier':
    case 'unary-check':
      return expr;
  }
}

function topParts(expr: Expr): readonly Expr[] {
  return expr.type === 'and' ? expr.children : [expr];
}

const itemSets = new WeakMap<ListExpr, ReadonlySet<string>>();

/** A list check's items as a set, once per compiled node (every list change visits every check of its rules). */
function itemSet(list: ListExpr): ReadonlySet<string> {
  let set = itemSets.get(list);
  if (set === undefined) {
    set = new Set(list.items.map((item) => item.value));
    itemSets.set(list, set);
  }
  return set;
}

function itemValue(item: string): string {
  const quote = item.charAt(0);
  if (item.length < 2 || (quote !== '"' && quote !== "'") || item.charAt(item.length - 1) !== quote)
    return item;
  const unquoted = unescapeQuoted(item);
  return unquoted.ok ? unquoted.value : item;
}

/**
 * The plan for the rules `synthesis` changes, over `ruleset` (the rules before the change). `only` limits the work
 * to some rules (deciding one alert needs its own rule only); the other rules are then left out of the plan.
 */
export function previewImpact(
  synthesis: Synthesis,
  ruleset: Ruleset,
  options: PlanOptions & { readonly only?: ReadonlySet<string> } = {},
): ImpactPlan {
  const version = options.falcoVersion ?? NEWEST_VERSION;
  const rules = new Map<string, RulePlan>();
  const knownRules = new Set(ruleset.rules.map((rule) => rule.name));
  const plan = { rules, knownRules };
  const predicate = parseCondition(synthesis.predicate, { version });
  const change = synthesis.change;
  const origin: ExceptedBy =
    change.kind === 'exception'
      ? { kind: 'exception', name: change.name }
      : change.kind === 'condition'
        ? { kind: 'condition', name: change.rule }
        : change.kind === 'macro'
          ? { kind: 'macro', name: change.macro }
          : { kind: 'list', name: change.list };
  if (!predicate.ok) {
    rules.set(synthesis.rule, {
      kind: 'unknown',
      reason: `the exception does not parse: ${predicate.error.message}`,
    });
    return plan;
  }
  if (change.kind === 'exception' || change.kind === 'condition') {
    const not: Expr = { type: 'not', child: predicate.value, span: SYNTHETIC };
    const test = compileCondition(not, evalOptions(options));
    rules.set(synthesis.rule, { kind: 'changed', parts: [{ test, origin, text: printCondition(not) }] });
    return plan;
  }

  let affected: readonly string[];
  let rewrite: (expr: Expr) => Expr | undefined;
  if (change.kind === 'macro') {
    const macro = ruleset.macros.find((candidate) => candidate.name === change.macro)?.compiled;
    affected = ruleset.macroUsage.get(change.macro)?.rules ?? [];
    rewrite = (expr) =>
      macro !== undefined && printed(expr) === macro.text
        ? { type: 'or', children: [expr, predicate.value], span: SYNTHETIC }
        : undefined;
  } else {
    const list = ruleset.lists.find((candidate) => candidate.name === change.list);
    // Items as the compiled condition holds them: a quoted item (`"(systemd)"`) is read unquoted by the parser.
    const items = (list?.resolvedItems ?? []).map(itemValue);
    affected = ruleset.listUsage.get(change.list)?.rules ?? [];
    rewrite = (expr) => {
      if (expr.type !== 'binary-check' || expr.right.type !== 'list' || items.length === 0) return undefined;
      const values = itemSet(expr.right);
      if (!items.every((item) => values.has(item))) return undefined;
      const right: ListExpr = {
        ...expr.right,
        items: [
          ...expr.right.items,
          ...change.items.map((value) => ({ type: 'value' as const, value, span: SYNTHETIC })),
        ],
      };
      return { ...expr, right };
    };
    if (items.length === 0) {
      for (const name of affected)
        rules.set(name, {
          kind: 'unknown',
          reason: `list "${change.list}" is empty, so its uses cannot be found in the compiled rules`,
        });
      return plan;
    }
  }
  for (const name of new Set(affected)) {
    if (options.only !== undefined && !options.only.has(name)) continue;
    const rule = ruleset.rules.find((candidate) => candidate.name === name);
    if (rule?.compiled === undefined || !rule.enabled) continue;
    const knowns = knownsFrom(rule.compiled.ast);
    const after = mapExpr(rule.compiled.ast, rewrite);
    const parts = planParts(
      topParts(after).map((expr) => ({
        reduced: reduceCondition(expr, knowns, evalOptions(options)),
        origin,
      })),
    );
    if (parts.length > 0) rules.set(name, { kind: 'changed', parts });
  }
  return plan;
}
