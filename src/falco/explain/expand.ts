/**
 * Expanding a rule's condition for explanation: the condition as written is parsed (list and macro names still
 * visible), each macro reference is replaced by its own parsed condition, and each check that names lists gets their
 * items substituted, as Falco's text substitution would, while remembering which lists it named. Checks are prepared
 * for evaluation once.
 *
 * Macro expansions are shared: a macro is expanded once per explainer and every reference points at the same node,
 * so the expansion is a DAG whose size is the ruleset's, not the product of its nesting. When a condition as written
 * does not parse on its own (a construct that only parses after list substitution), the compiled condition is used
 * without macro structure.
 */
import type { BinaryCheckExpr, Expr, UnaryCheckExpr, ValueExpr } from '../condition/index.js';
import { unescapeQuoted } from '../condition/index.js';
import { parseCondition } from '../condition/index.js';
import {
  compileCondition,
  operandText,
  prepareCheck,
  type EvalOptions,
  type PreparedCheck,
  type Truth,
  type FieldValues,
} from '../eval/index.js';
import type { LoadedList, LoadedMacro, LoadedRule, Ruleset } from '../rules/index.js';
import type { FalcoVersion } from '../version.js';

export interface XList {
  readonly name: string;
  readonly items: readonly string[];
}

export type XNode =
  | { readonly kind: 'and' | 'or'; readonly children: readonly XNode[] }
  | { readonly kind: 'not'; readonly child: XNode }
  | {
      readonly kind: 'macro';
      readonly name: string;
      readonly child?: XNode;
      readonly collapsed?: 'loop' | 'not-parsed' | 'depth-limit';
      /** Evaluates the macro without its structure when it could not be expanded. */
      readonly fallback?: (fields: FieldValues) => Truth;
    }
  | {
      readonly kind: 'check';
      readonly text: string;
      readonly field: string;
      readonly operator: string;
      /** Compares against a set of items (`in`, `pmatch`, `intersects`, a modifier). */
      readonly setOperator: boolean;
      readonly lists: readonly XList[];
      readonly literalItems: number;
      readonly expr: UnaryCheckExpr | BinaryCheckExpr;
      readonly check: PreparedCheck;
    }
  | { readonly kind: 'unresolved'; readonly name: string };

const MAX_MACRO_DEPTH = 64;
const SET_OPERATORS: ReadonlySet<string> = new Set(['in', 'pmatch', 'intersects']);

export class Expander {
  private readonly lists: ReadonlyMap<string, LoadedList>;
  private readonly macros: ReadonlyMap<string, LoadedMacro>;
  private readonly macroNodes = new Map<string, XNode>();
  private readonly ruleNodes = new Map<string, XNode>();

  constructor(
    ruleset: Ruleset,
    private readonly version: FalcoVersion,
    private readonly evalOptions: EvalOptions,
  ) {
    this.lists = new Map(ruleset.lists.map((list) => [list.name, list]));
    this.macros = new Map(ruleset.macros.map((macro) => [macro.name, macro]));
  }

  /** The rule's condition as written (without exceptions), expanded. */
  rule(rule: LoadedRule): XNode {
    const cached = this.ruleNodes.get(rule.name);
    if (cached !== undefined) return cached;
    const parsed = parseCondition(rule.condition, { version: this.version });
    let node: XNode;
    if (parsed.ok) node = this.convert(parsed.value, rule.condition, []);
    else if (rule.compiled !== undefined)
      node = this.convert(rule.compiled.ast, rule.compiled.text, [], { structureless: true });
    else node = { kind: 'unresolved', name: rule.name };
    this.ruleNodes.set(rule.name, node);
    return node;
  }

  /** A condition text that is not part of the ruleset (an exception's), expanded the same way. */
  text(condition: string): XNode | undefined {
    const parsed = parseCondition(condition, { version: this.version });
    return parsed.ok ? this.convert(parsed.value, condition, []) : undefined;
  }

  private macro(name: string, path: readonly string[]): XNode {
    const cached = this.macroNodes.get(name);
    if (cached !== undefined) return cached;
    const macro = this.macros.get(name);
    if (macro === undefined) return { kind: 'unresolved', name };
    const fallback = this.fallback(macro);
    if (path.includes(name)) return { kind: 'macro', name, collapsed: 'loop', ...fallback };
    if (path.length >= MAX_MACRO_DEPTH) return { kind: 'macro', name, collapsed: 'depth-limit', ...fallback };
    const parsed = parseCondition(macro.condition, { version: this.version });
    const node: XNode = parsed.ok
      ? { kind: 'macro', name, child: this.convert(parsed.value, macro.condition, [...path, name]) }
      : { kind: 'macro', name, collapsed: 'not-parsed', ...fallback };
    this.macroNodes.set(name, node);
    return node;
  }

  private fallback(macro: LoadedMacro): { fallback?: (fields: FieldValues) => Truth } {
    const ast = macro.compiled?.ast;
    return ast === undefined ? {} : { fallback: compileCondition(ast, this.evalOptions) };
  }

  private convert(
    expr: Expr,
    source: string,
    path: readonly string[],
    options: { readonly structureless?: boolean } = {},
  ): XNode {
    switch (expr.type) {
      case 'and':
      case 'or':
        return {
          kind: expr.type,
          children: expr.children.map((child) => this.convert(child, source, path, options)),
        };
      case 'not':
        return { kind: 'not', child: this.convert(expr.child, source, path, options) };
      case 'identifier':
        return this.macro(expr.name, path);
      case 'unary-check':
      case 'binary-check':
        return this.check(expr, options.structureless === true ? undefined : source);
    }
  }

  private check(expr: UnaryCheckExpr | BinaryCheckExpr, source: string | undefined): XNode {
    const lists: XList[] = [];
    let literalItems = 0;
    let substituted: UnaryCheckExpr | BinaryCheckExpr = expr;
    const setOperator =
      expr.type === 'binary-check' && (SET_OPERATORS.has(expr.operator) || expr.modifier !== undefined);
    if (expr.type === 'binary-check' && source !== undefined) {
      const right = expr.right;
      const written =
        right.type === 'list' ? right.items : right.type === 'value' && setOperator ? [right] : [];
      const items: ValueExpr[] = [];
      let named = false;
      for (const item of written) {
        const list = this.lists.get(item.value);
        if (list === undefined) {
          items.push(item);
          literalItems += 1;
          continue;
        }
        named = true;
        const expanded = this.listItems(list.name, new Set());
        lists.push({ name: list.name, items: expanded });
        for (const value of expanded) items.push({ type: 'value', value: unquote(value), span: item.span });
      }
      if (named) substituted = { ...expr, right: { type: 'list', items, span: right.span } };
    }
    const text =
      source === undefined || expr.span.start < 0
        ? printCheck(expr)
        : source.slice(expr.span.start, expr.span.end);
    return {
      kind: 'check',
      text,
      field: operandText(expr.left),
      operator:
        expr.type === 'binary-check' && expr.modifier !== undefined
          ? `${expr.operator} ${expr.modifier}`
          : expr.operator,
      setOperator,
      lists,
      literalItems,
      expr: substituted,
      check: prepareCheck(substituted, this.evalOptions),
    };
  }

  /** A list's items with names of lists among them expanded (Falco's text substitution reaches any depth). */
  private listItems(name: string, seen: Set<string>): string[] {
    const list = this.lists.get(name);
    if (list === undefined || seen.has(name)) return [];
    seen.add(name);
    return list.resolvedItems.flatMap((item) =>
      this.lists.has(item) && item !== name ? this.listItems(item, seen) : [item],
    );
  }
}

/** Falco quotes items with a space and its parser unquotes them: an item written with quotes means its inside. */
function unquote(item: string): string {
  if (item.length < 2 || (item[0] !== '"' && item[0] !== "'") || item[item.length - 1] !== item[0])
    return item;
  const unescaped = unescapeQuoted(item);
  return unescaped.ok ? unescaped.value : item;
}

function printCheck(expr: UnaryCheckExpr | BinaryCheckExpr): string {
  if (expr.type === 'unary-check') return `${operandText(expr.left)} ${expr.operator}`;
  const right = expr.right;
  const text =
    right.type === 'list'
      ? `(${right.items.map((item) => operandText(item)).join(', ')})`
      : operandText(right);
  const modifier = expr.modifier === undefined ? '' : ` ${expr.modifier}`;
  return `${operandText(expr.left)} ${expr.operator}${modifier} ${text}`;
}
