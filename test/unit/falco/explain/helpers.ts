import type { ExplainNode, ExplainOutcome, ExplainReport } from '../../../../src/falco/explain/index.js';
import { createAlertExplainer } from '../../../../src/falco/explain/index.js';
import { loadRules, type RulesFileInput } from '../../../../src/falco/rules/index.js';
import { readShared, sharedInput, version } from '../rules/fixtures.js';

export { readShared, sharedInput, version };

/** Loads the inputs at `at` (failing the test on load errors) and explains `text`. */
export function explainWith(inputs: readonly RulesFileInput[], at: string, text: string): ExplainOutcome[] {
  const loaded = loadRules(inputs, { falcoVersion: version(at) });
  if (!loaded.ok) throw new Error(loaded.errors.map((error) => error.message).join('\n'));
  return createAlertExplainer(loaded.ruleset, { falcoVersion: version(at) }).explainText(text, { now: 0 });
}

export function onlyReport(outcomes: readonly ExplainOutcome[]): ExplainReport {
  const [first] = outcomes;
  if (outcomes.length !== 1 || first?.kind !== 'explained')
    throw new Error(`expected one explained alert, got ${JSON.stringify(outcomes).slice(0, 500)}`);
  return first.report;
}

/** Every node of a tree, depth first. */
export function nodes(node: ExplainNode): ExplainNode[] {
  switch (node.type) {
    case 'and':
    case 'or':
      return [node, ...node.children.flatMap(nodes)];
    case 'not':
      return [node, ...nodes(node.child)];
    case 'macro':
      return node.child === undefined ? [node] : [node, ...nodes(node.child)];
    case 'check':
    case 'unresolved':
    case 'more':
      return [node];
  }
}

/** A node's result (`more` markers have counts instead). */
export function resultOf(node: ExplainNode | undefined): string | undefined {
  return node === undefined || node.type === 'more' ? undefined : node.result;
}
