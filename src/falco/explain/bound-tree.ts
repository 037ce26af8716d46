/**
 * The evaluated expansion as a bounded JSON tree. Nodes are taken breadth first until the node budget is spent, so
 * the top of the condition (what people read first) is always complete and deep or wide parts are cut, never the
 * reverse. Cut children of an `and`/`or` become one `more` marker saying how many were left out and what they
 * evaluated to; a cut macro keeps its name and result (`collapsed: 'size-limit'`). Long values are shortened.
 */
import type { FieldValue } from '../alert/index.js';
import type { Truth } from '../eval/index.js';
import type { TreeResults } from './evaluate-tree.js';
import type { XNode } from './expand.js';
import { listHolds } from './list-match.js';
import type { ExplainNode, ReadValue, TreeLimits } from './tree.js';

interface Slot {
  readonly node: XNode;
  readonly depth: number;
  /** Filled when the slot was taken within the budget. */
  taken: boolean;
  children: Slot[];
  /** Children beyond `maxChildren`, never queued. */
  overflow: readonly XNode[];
}

export function boundTree(root: XNode, results: TreeResults, limits: TreeLimits): ExplainNode {
  const top: Slot = { node: root, depth: 0, taken: false, children: [], overflow: [] };
  const queue: Slot[] = [top];
  let budget = Math.max(1, limits.maxNodes);
  for (let head = 0; head < queue.length && budget > 0; head += 1) {
    const slot = queue[head] as Slot;
    slot.taken = true;
    budget -= 1;
    const children = childrenOf(slot.node);
    const shown = children.slice(0, limits.maxChildren);
    slot.overflow = children.slice(limits.maxChildren);
    if (slot.depth >= limits.maxDepth) {
      slot.overflow = children;
      continue;
    }
    slot.children = shown.map((node) => ({
      node,
      depth: slot.depth + 1,
      taken: false,
      children: [],
      overflow: [],
    }));
    queue.push(...slot.children);
  }
  return assemble(top, results, limits);
}

function childrenOf(node: XNode): readonly XNode[] {
  switch (node.kind) {
    case 'and':
    case 'or':
      return node.children;
    case 'not':
      return [node.child];
    case 'macro':
      return node.child === undefined ? [] : [node.child];
    case 'check':
    case 'unresolved':
      return [];
  }
}

function assemble(slot: Slot, results: TreeResults, limits: TreeLimits): ExplainNode {
  const node = slot.node;
  const result = results.result(node);
  const taken = slot.children.filter((child) => child.taken);
  switch (node.kind) {
    case 'and':
    case 'or': {
      const children: ExplainNode[] = [];
      let omitted: XNode[] = [];
      const flush = (): void => {
        if (omitted.length > 0) children.push(more(omitted, results));
        omitted = [];
      };
      for (const child of slot.children) {
        if (child.taken) {
          flush();
          children.push(assemble(child, results, limits));
        } else omitted.push(child.node);
      }
      omitted.push(...slot.overflow);
      flush();
      return { type: node.kind, result, children };
    }
    case 'not': {
      const child = taken[0];
      return {
        type: 'not',
        result,
        child: child === undefined ? more([node.child], results) : assemble(child, results, limits),
      };
    }
    case 'macro': {
      const child = taken[0];
      if (child !== undefined)
        return { type: 'macro', name: node.name, result, child: assemble(child, results, limits) };
      const collapsed = node.collapsed ?? 'size-limit';
      return { type: 'macro', name: node.name, result, collapsed };
    }
    case 'unresolved':
      return { type: 'unresolved', name: node.name, result: 'unknown' };
    case 'check': {
      const trace = results.trace(node);
      const value = trace?.value;
      const reads: ReadValue[] = (trace?.reads ?? []).map((read) => readValue(read, limits));
      const out: {
        -readonly [K in keyof Extract<ExplainNode, { type: 'check' }>]: Extract<
          ExplainNode,
          { type: 'check' }
        >[K];
      } = { type: 'check', result, text: node.text, field: node.field, operator: node.operator, reads };
      if (node.lists.length > 0) {
        out.lists = node.lists.map((list) => {
          const matched = node.setOperator ? listHolds(node.operator, value, list.items) : undefined;
          return { name: list.name, size: list.items.length, ...(matched === undefined ? {} : { matched }) };
        });
        out.literalItems = node.literalItems;
      }
      if (trace?.reason !== undefined) out.reason = trace.reason;
      if (trace?.detail !== undefined) out.detail = trace.detail;
      return out;
    }
  }
}

function readValue(
  read: { readonly field: string; readonly value?: FieldValue },
  limits: TreeLimits,
): ReadValue {
  if (read.value === undefined) return { field: read.field };
  const value = read.value;
  if (typeof value === 'string' && value.length > limits.maxValueLength)
    return { field: read.field, value: `${value.slice(0, limits.maxValueLength)}…`, shortened: true };
  if (Array.isArray(value) && JSON.stringify(value).length > limits.maxValueLength)
    return { field: read.field, value: value.slice(0, 5), shortened: true };
  return { field: read.field, value };
}

function more(nodes: readonly XNode[], results: TreeResults): ExplainNode {
  const counts: Record<Truth, number> = { true: 0, false: 0, unknown: 0 };
  for (const node of nodes) counts[results.result(node)] += 1;
  return {
    type: 'more',
    omitted: nodes.length,
    results: counts,
    text: `… ${nodes.length} more`,
  };
}
