/**
 * Macro substitution on the AST, as Falco's `filter_macro_resolver`: every identifier in boolean position is
 * replaced by the macro's tree, which is then resolved again with the same visible set; a macro reached again on
 * its own path is a "reference loop". Checks are not explored, so an identifier on the right of `in` is never
 * treated as a macro. Only the first problem is reported, as Falco does.
 */
import type { Expr, Span } from '../condition/index.js';

export type MacroProblem =
  | { readonly kind: 'undefined'; readonly name: string; readonly span: Span }
  | { readonly kind: 'loop'; readonly name: string; readonly span: Span };

export interface MacroResolution {
  readonly expr: Expr;
  /** Every macro substituted, nested ones included. */
  readonly resolved: ReadonlySet<string>;
  /** The first loop if any, else the first undefined macro, else undefined. */
  readonly problem: MacroProblem | undefined;
}

/**
 * @param lookup the visible macros' trees; `complete` marks trees known to hold no identifiers (already
 *   resolved), which are substituted without walking them again.
 */
export function resolveMacros(
  expr: Expr,
  lookup: (name: string) => { readonly expr: Expr; readonly complete: boolean } | undefined,
): MacroResolution {
  const resolved = new Set<string>();
  const path: string[] = [];
  let loop: MacroProblem | undefined;
  let unknown: MacroProblem | undefined;

  const visit = (node: Expr): Expr => {
    switch (node.type) {
      case 'and':
      case 'or': {
        let changed = false;
        const children = node.children.map((child) => {
          const next = visit(child);
          if (next !== child) changed = true;
          return next;
        });
        return changed ? { ...node, children } : node;
      }
      case 'not': {
        const child = visit(node.child);
        return child === node.child ? node : { ...node, child };
      }
      case 'identifier': {
        const macro = lookup(node.name);
        if (macro === undefined) {
          unknown ??= { kind: 'undefined', name: node.name, span: node.span };
          return node;
        }
        if (path.includes(node.name)) {
          loop ??= { kind: 'loop', name: node.name, span: node.span };
          unknown ??= { kind: 'undefined', name: node.name, span: node.span };
          return node;
        }
        resolved.add(node.name);
        if (macro.complete) return macro.expr;
        path.push(node.name);
        const substituted = visit(macro.expr);
        path.pop();
        return substituted;
      }
      case 'unary-check':
      case 'binary-check':
        return node;
    }
  };

  const out = visit(expr);
  return { expr: out, resolved, problem: loop ?? unknown };
}

/** The macro names a tree refers to directly (before substitution), with where. */
export function macroReferences(expr: Expr): { readonly name: string; readonly span: Span }[] {
  const out: { name: string; span: Span }[] = [];
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === undefined) break;
    if (node.type === 'and' || node.type === 'or')
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Expr);
    else if (node.type === 'not') stack.push(node.child);
    else if (node.type === 'identifier') out.push({ name: node.name, span: node.span });
  }
  return out;
}
