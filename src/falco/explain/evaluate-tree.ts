/**
 * Evaluating an expanded condition against one alert, node by node (each shared node once), and "what if" questions
 * over the same results: if this list check matched (the alert's value appended to the list), or this macro held (the
 * macro extended for the alert), would the rule still fire? Kleene's three-valued logic throughout, as the evaluator.
 */
import { notTruth, type CheckTrace, type FieldValues, type Truth } from '../eval/index.js';
import type { XNode } from './expand.js';

export interface TreeResults {
  readonly result: (node: XNode) => Truth;
  readonly trace: (node: XNode) => CheckTrace | undefined;
  /**
   * The root's result when `override` decides some nodes (undefined: keep the evaluated result). `touches` says
   * whether a node may contain an overridden one: the others keep their evaluated result without being walked.
   */
  readonly whatIf: (
    root: XNode,
    override: (node: XNode) => Truth | undefined,
    touches?: (node: XNode) => boolean,
  ) => Truth;
}

export function evaluateTree(root: XNode, fields: FieldValues): TreeResults {
  const results = new Map<XNode, Truth>();
  const traces = new Map<XNode, CheckTrace>();

  const evaluate = (node: XNode): Truth => {
    const known = results.get(node);
    if (known !== undefined) return known;
    let result: Truth;
    switch (node.kind) {
      case 'and':
      case 'or':
        result = combine(
          node.kind,
          node.children.map((child) => evaluate(child)),
        );
        break;
      case 'not':
        result = notTruth(evaluate(node.child));
        break;
      case 'macro':
        result = node.child !== undefined ? evaluate(node.child) : (node.fallback?.(fields) ?? 'unknown');
        break;
      case 'check': {
        const trace = node.check.explain(fields);
        traces.set(node, trace);
        result = trace.result;
        break;
      }
      case 'unresolved':
        result = 'unknown';
        break;
    }
    results.set(node, result);
    return result;
  };
  evaluate(root);

  const whatIf = (
    start: XNode,
    override: (node: XNode) => Truth | undefined,
    touches: (node: XNode) => boolean = () => true,
  ): Truth => {
    const memo = new Map<XNode, Truth>();
    const visit = (node: XNode): Truth => {
      if (!touches(node)) return evaluate(node);
      const forced = override(node);
      if (forced !== undefined) return forced;
      const known = memo.get(node);
      if (known !== undefined) return known;
      let result: Truth;
      switch (node.kind) {
        case 'and':
        case 'or':
          result = combine(
            node.kind,
            node.children.map((child) => visit(child)),
          );
          break;
        case 'not':
          result = notTruth(visit(node.child));
          break;
        case 'macro':
          result = node.child !== undefined ? visit(node.child) : evaluate(node);
          break;
        case 'check':
        case 'unresolved':
          result = evaluate(node);
          break;
      }
      memo.set(node, result);
      return result;
    };
    return visit(start);
  };

  return { result: evaluate, trace: (node) => traces.get(node), whatIf };
}

export function combine(kind: 'and' | 'or', results: readonly Truth[]): Truth {
  const decisive: Truth = kind === 'and' ? 'false' : 'true';
  if (results.includes(decisive)) return decisive;
  if (results.includes('unknown')) return 'unknown';
  return kind === 'and' ? 'true' : 'false';
}

const keysCache = new WeakMap<XNode, ReadonlySet<string>>();

/**
 * The what-if keys of everything below a node (itself included): `list\0<name>\0<field>` for set checks naming a
 * list, `macro\0<name>` for macros. Expansions are immutable and shared, so this is computed once per node.
 */
export function keysBelow(node: XNode): ReadonlySet<string> {
  const cached = keysCache.get(node);
  if (cached !== undefined) return cached;
  const keys = new Set<string>();
  switch (node.kind) {
    case 'and':
    case 'or':
      for (const child of node.children) for (const key of keysBelow(child)) keys.add(key);
      break;
    case 'not':
      for (const key of keysBelow(node.child)) keys.add(key);
      break;
    case 'macro':
      keys.add(`macro\u0000${node.name}`);
      if (node.child !== undefined) for (const key of keysBelow(node.child)) keys.add(key);
      break;
    case 'check':
      if (node.setOperator)
        for (const list of node.lists) keys.add(`list\u0000${list.name}\u0000${node.field}`);
      break;
    case 'unresolved':
      break;
  }
  keysCache.set(node, keys);
  return keys;
}
