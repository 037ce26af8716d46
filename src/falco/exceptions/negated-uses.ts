/**
 * Where a rule uses lists and macros, and whether negated: `not proc.name in (..., hids_binaries)` and
 * `not user_known_read_sensitive_files_activities` are exception points (extending them silences the rule), a list
 * or macro used positively is not (extending it makes the rule fire more). Reads the conditions as written, where
 * list and macro names are still visible, and follows macros (a list used inside a negated macro is negated), nested
 * lists (a list named among another list's items is used wherever that list is) and the rule's exceptions (Falco
 * appends each as `and not (...)`, so a list named in exception values is used negated).
 */
import type { BinaryOperator, Expr, Modifier } from '../condition/index.js';
import { parseCondition } from '../condition/index.js';
import { printCondition } from '../condition/index.js';
import { exceptionCondition, type LoadedRule, type Ruleset } from '../rules/index.js';
import type { FalcoVersion } from '../version.js';

export interface ListUseSite {
  readonly list: string;
  /** The field or transformer compared, as written: `proc.name`. */
  readonly field: string;
  readonly operator: BinaryOperator;
  /** Falco 0.44+: `startswith oneof (...)`; `allof` makes the check true less often as the list grows. */
  readonly modifier?: Modifier;
  readonly negated: boolean;
  /** The macro whose condition holds the check, when not the rule's own condition. */
  readonly via?: string;
  /** The rule's exception whose values name the list, when the use is there. */
  readonly exception?: string;
}

export interface MacroUseSite {
  readonly macro: string;
  readonly negated: boolean;
  readonly via?: string;
}

export interface RuleUses {
  readonly lists: readonly ListUseSite[];
  readonly macros: readonly MacroUseSite[];
}

const MAX_MACRO_DEPTH = 50;

/** Parses of macro conditions, shared by calls over the same ruleset. */
const parseCache = new WeakMap<Ruleset, Map<string, Expr | undefined>>();

function parsed(ruleset: Ruleset, key: string, text: string, version: FalcoVersion): Expr | undefined {
  let cache = parseCache.get(ruleset);
  if (cache === undefined) {
    cache = new Map();
    parseCache.set(ruleset, cache);
  }
  if (cache.has(key)) return cache.get(key);
  const result = parseCondition(text, { version });
  const expr = result.ok ? result.value : undefined;
  cache.set(key, expr);
  return expr;
}

/** Uses per rule object, shared by calls over the same ruleset (suggestions ask for the same rules many times). */
const usesCache = new WeakMap<LoadedRule, Map<string, RuleUses>>();

/** Every list and macro use of `rule`, in condition order, with its negation. */
export function ruleUses(rule: LoadedRule, ruleset: Ruleset, version: FalcoVersion): RuleUses {
  let byVersion = usesCache.get(rule);
  if (byVersion === undefined) {
    byVersion = new Map();
    usesCache.set(rule, byVersion);
  }
  const key = `${version.major}.${version.minor}.${version.patch}`;
  const cached = byVersion.get(key);
  if (cached !== undefined) return cached;
  const uses = computeRuleUses(rule, ruleset, version);
  byVersion.set(key, uses);
  return uses;
}

function computeRuleUses(rule: LoadedRule, ruleset: Ruleset, version: FalcoVersion): RuleUses {
  const lists: ListUseSite[] = [];
  const macros: MacroUseSite[] = [];
  const listByName = new Map(ruleset.lists.map((list) => [list.name, list]));
  const macroByName = new Map(ruleset.macros.map((macro) => [macro.name, macro]));

  const addList = (name: string, site: Omit<ListUseSite, 'list'>, seen: Set<string>): void => {
    if (seen.has(name)) return;
    seen.add(name);
    lists.push({ list: name, ...site });
    // A list named among another list's items is pasted into it: it is used wherever that list is.
    for (const nested of listByName.get(name)?.nestedLists ?? []) addList(nested, site, seen);
  };

  const walk = (
    expr: Expr,
    negated: boolean,
    via: string | undefined,
    path: readonly string[],
    exception?: string,
  ): void => {
    const where = {
      ...(via === undefined ? {} : { via }),
      ...(exception === undefined ? {} : { exception }),
    };
    switch (expr.type) {
      case 'and':
      case 'or':
        for (const child of expr.children) walk(child, negated, via, path, exception);
        return;
      case 'not':
        walk(expr.child, !negated, via, path, exception);
        return;
      case 'identifier': {
        const macro = macroByName.get(expr.name);
        if (macro === undefined) return;
        macros.push({ macro: expr.name, negated, ...where });
        if (path.includes(expr.name) || path.length >= MAX_MACRO_DEPTH) return;
        const body = parsed(ruleset, `macro:${macro.name}`, macro.condition, version);
        if (body !== undefined) walk(body, negated, expr.name, [...path, expr.name]);
        return;
      }
      case 'unary-check':
        return;
      case 'binary-check': {
        const right = expr.right;
        const items = right.type === 'list' ? right.items : right.type === 'value' ? [right] : [];
        const field = printCondition({
          type: 'unary-check',
          left: expr.left,
          operator: 'exists',
          span: expr.span,
        }).replace(/ exists$/, '');
        const modifier = expr.modifier === undefined ? {} : { modifier: expr.modifier };
        for (const item of items) {
          if (listByName.has(item.value))
            addList(
              item.value,
              { field, operator: expr.operator, ...modifier, negated, ...where },
              new Set(),
            );
        }
        return;
      }
    }
  };

  const condition = parsed(ruleset, `rule:${rule.name}\u0000${rule.condition}`, rule.condition, version);
  if (condition !== undefined) walk(condition, false, undefined, []);
  for (const exception of rule.exceptions) {
    const text = exceptionCondition(exception);
    if (!text.ok || text.value === '') continue;
    const body = parsed(ruleset, `exception:${rule.name}\u0000${text.value}`, text.value, version);
    if (body !== undefined) walk(body, true, undefined, [], exception.name);
  }
  return { lists, macros };
}
