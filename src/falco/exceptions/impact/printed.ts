/**
 * `printCondition` remembered per AST node. Impact planning looks sub-conditions up by their printed text at every
 * level of large compiled conditions (a rule with a few hundred list items, printed once per enclosing node); AST
 * nodes are immutable, so each node's text is computed once, and a rewritten node (a change applied to a compiled
 * condition) is printed from its children's remembered texts, as the printer joins them.
 */
import type { Expr } from '../../condition/index.js';
import { printCondition } from '../../condition/index.js';

const texts = new WeakMap<Expr, string>();

export function printed(expr: Expr): string {
  let text = texts.get(expr);
  if (text === undefined) {
    text =
      expr.type === 'and' || expr.type === 'or'
        ? `(${expr.children.map(printed).join(` ${expr.type} `)})`
        : expr.type === 'not'
          ? `not ${printed(expr.child)}`
          : printCondition(expr);
    texts.set(expr, text);
  }
  return text;
}
