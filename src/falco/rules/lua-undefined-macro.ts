/**
 * Which undefined macro the Lua loader (before 0.32) reported, and how it spelled it. `compiler.lua`
 * `expand_macros` walks the tree its LPeg grammar builds, where `a and b and c` folds to the left
 * (`(a and b) and c`): at each binary node it checks the left operand, then the right one, then descends left and
 * right; under `not` it checks the operand. It stops at the first unknown name, and quotes it only when it stood
 * alone or on the left of `and`/`or` ("Undefined macro 'a' used in filter." vs "Undefined macro c used in
 * filter.", `compiler.lua` L63-L105 in 0.25.0 and 0.31.1 alike).
 */
import type { Expr } from '../condition/index.js';

export interface LuaUndefinedMacro {
  readonly name: string;
  readonly message: string;
}

function message(name: string, quoted: boolean): string {
  return quoted ? `Undefined macro '${name}' used in filter.` : `Undefined macro ${name} used in filter.`;
}

/** The left-folded binary view of an n-ary `and`/`or`: [left, right] of the node for children[0..last]. */
function split(children: readonly Expr[], last: number): readonly [Expr | number, Expr] {
  const right = children[last] as Expr;
  return last === 1 ? [children[0] as Expr, right] : [last - 1, right];
}

export function luaUndefinedMacro(
  expr: Expr,
  isDefined: (name: string) => boolean,
): LuaUndefinedMacro | undefined {
  const unknown = (node: Expr): boolean => node.type === 'identifier' && !isDefined(node.name);

  const binary = (children: readonly Expr[], last: number): LuaUndefinedMacro | undefined => {
    const [left, right] = split(children, last);
    if (typeof left !== 'number' && unknown(left) && left.type === 'identifier')
      return { name: left.name, message: message(left.name, true) };
    if (unknown(right) && right.type === 'identifier')
      return { name: right.name, message: message(right.name, false) };
    return (typeof left === 'number' ? binary(children, left) : visit(left)) ?? visit(right);
  };

  const visit = (node: Expr): LuaUndefinedMacro | undefined => {
    switch (node.type) {
      case 'and':
      case 'or':
        return node.children.length < 2
          ? visit(node.children[0] as Expr)
          : binary(node.children, node.children.length - 1);
      case 'not':
        if (unknown(node.child) && node.child.type === 'identifier')
          return { name: node.child.name, message: message(node.child.name, false) };
        return visit(node.child);
      case 'identifier':
      case 'unary-check':
      case 'binary-check':
        return undefined;
    }
  };

  if (unknown(expr) && expr.type === 'identifier')
    return { name: expr.name, message: message(expr.name, true) };
  return visit(expr);
}
