/**
 * A huge condition (50 macros of 40 checks each, every macro used by the rule, plus a macro used many times) keeps a
 * small answer: the tree is cut breadth first with `… N more` markers that say what was left out, results stay exact.
 */
import { describe, expect, it } from '@jest/globals';
import { createExplainer, type ExplainNode } from '../../../../src/falco/explain/index.js';
import { loadRules } from '../../../../src/falco/rules/index.js';
import { nodes } from './helpers.js';

function hugeRules(): string {
  const items: string[] = ['- macro: shared\n  condition: proc.name = shared or fd.name startswith /shared'];
  const macros: string[] = [];
  for (let m = 0; m < 50; m += 1) {
    const checks = Array.from({ length: 40 }, (_, c) => `fd.name = /m${m}/c${c}`).join(' or ');
    items.push(`- macro: m${m}\n  condition: (${checks}) or shared`);
    macros.push(`not m${m}`);
  }
  items.push(
    `- rule: huge\n  desc: d\n  condition: evt.type = open and ${macros.join(' and ')}\n  output: "huge %proc.name %fd.name"\n  priority: WARNING`,
  );
  return `${items.join('\n\n')}\n`;
}

describe('explain: size limits', () => {
  const loaded = loadRules([{ name: 'huge.yaml', content: hugeRules() }]);
  const fields = { 'evt.type': 'open', 'proc.name': 'cat', 'fd.name': '/m49/c39' };

  it('keeps a 2,000-check expansion small, with exact results and counted markers', () => {
    expect(loaded.ok).toBe(true);
    const explanation = createExplainer(loaded.ruleset).explain({ rule: 'huge', fields });
    if (explanation === undefined) throw new Error('not explained');
    const json = JSON.stringify(explanation);
    expect(json.length).toBeLessThan(150_000);
    // /m49/c39 is in m49, so `not m49` is false and the rule does not fire; every other macro is false.
    expect(explanation.result).toBe('false');
    const all = nodes(explanation.tree);
    expect(all.length).toBeLessThanOrEqual(400 + 50);
    const markers = all.filter(
      (node): node is Extract<ExplainNode, { type: 'more' }> => node.type === 'more',
    );
    expect(markers.length).toBeGreaterThan(0);
    for (const marker of markers) {
      expect(marker.text).toBe(`… ${marker.omitted} more`);
      expect(marker.results.true + marker.results.false + marker.results.unknown).toBe(marker.omitted);
    }
    // Breadth first: every top-level conjunct is present, with its result.
    const root = explanation.tree;
    expect(root.type).toBe('and');
    if (root.type !== 'and') return;
    expect(root.children).toHaveLength(41); // 40 shown + one marker for the rest
    expect(root.children[40]).toMatchObject({
      type: 'more',
      omitted: 11,
      results: { true: 10, false: 1, unknown: 0 },
    });
  });

  it('honours smaller limits and shortens long values', () => {
    const long = { ...fields, 'fd.name': `/${'x'.repeat(5000)}` };
    const explanation = createExplainer(loaded.ruleset, {
      limits: { maxNodes: 60, maxChildren: 5, maxValueLength: 50 },
    }).explain({ rule: 'huge', fields: long });
    if (explanation === undefined) throw new Error('not explained');
    expect(JSON.stringify(explanation.tree).length).toBeLessThan(20_000);
    expect(nodes(explanation.tree).filter((node) => node.type !== 'more').length).toBeLessThanOrEqual(60);
    const reads = nodes(explanation.tree).flatMap((node) => (node.type === 'check' ? node.reads : []));
    expect(reads.some((read) => read.shortened === true && String(read.value).length === 51)).toBe(true);
    expect(explanation.result).toBe('true');
  });
});
