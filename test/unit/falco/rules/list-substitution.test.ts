/**
 * Lists are text: Falco's `resolve_list` quirks, reproduced (quoting, delimiters, empty lists, nesting, and the
 * classic `in shell_binaries` without parentheses that breaks the condition).
 */
import { describe, expect, it } from '@jest/globals';
import {
  expandLists,
  findListReferences,
  makeListTable,
  mapBack,
  quoteItem,
  substituteLists,
} from '../../../../src/falco/rules/list-substitution.js';
import { loadRules } from '../../../../src/falco/rules/load.js';

const table = (lists: Record<string, string[]>) =>
  makeListTable(
    Object.entries(lists).map(([name, items]) => ({
      name,
      joined: items.map(quoteItem).join(', '),
      empty: items.length === 0,
    })),
  );

describe('quoteItem', () => {
  it('quotes only items with a space that do not start with a quote', () => {
    expect(quoteItem('bash')).toBe('bash');
    expect(quoteItem('curl 127.0.0.1')).toBe('"curl 127.0.0.1"');
    expect(quoteItem('"already quoted"')).toBe('"already quoted"');
    expect(quoteItem("'single quoted'")).toBe("'single quoted'");
    expect(quoteItem('has"quote')).toBe('has"quote');
  });
});

describe('substituteLists', () => {
  it('replaces a delimited name by its items and records the edit', () => {
    const result = substituteLists('proc.name in (shells, sh)', table({ shells: ['bash', 'zsh'] }));
    expect(result.text).toBe('proc.name in ( bash, zsh , sh)');
    expect(result.used).toEqual(['shells']);
    // An offset after the substitution maps back to the original text.
    expect(mapBack(result.text.indexOf('sh)'), result.edits)).toBe(
      'proc.name in (shells, sh)'.indexOf('sh)'),
    );
  });

  it('leaves names that are part of a longer word alone', () => {
    const result = substituteLists('proc.name in (my_shells, shells_x)', table({ shells: ['bash'] }));
    expect(result.text).toBe('proc.name in (my_shells, shells_x)');
    expect(result.used).toEqual([]);
  });

  it('removes a comma next to an empty list', () => {
    expect(substituteLists('proc.name in (a, empty)', table({ empty: [] })).text).toBe('proc.name in (a  )');
    expect(substituteLists('proc.name in (empty, a)', table({ empty: [] })).text).toBe('proc.name in (   a)');
  });

  it('substitutes a list name written without parentheses, which then fails to parse as in Falco', () => {
    const content =
      '- list: shell_binaries\n  items: [ash, bash]\n- rule: r\n  desc: d\n  condition: proc.name in shell_binaries\n  output: o\n  priority: INFO\n';
    const result = loadRules([{ name: 'r.yaml', content }]);
    expect(result.ok).toBe(false);
    expect(result.errors[0]?.code).toBe('LOAD_ERR_COMPILE_CONDITION');
    expect(result.errors[0]?.line).toBe(5);
  });

  it('substitutes names that an earlier list introduced when their list comes later', () => {
    const result = substituteLists('x in (first)', table({ first: ['a', 'second'], second: ['b', 'c'] }));
    expect(result.text).toBe('x in ( a, b, c )');
    expect(result.used).toEqual(['first', 'second']);
  });
});

describe('expandLists', () => {
  it('expands one level of earlier lists, as compile_list_infos copies items as written', () => {
    const expanded = expandLists([
      { name: 'a', items: ['x'], index: 0, visibility: 0 },
      { name: 'b', items: ['a', 'y'], index: 1, visibility: 1 },
      { name: 'c', items: ['b', 'later'], index: 2, visibility: 2 },
      { name: 'later', items: ['z'], index: 3, visibility: 3 },
    ]);
    expect(expanded.get('b')).toEqual({ items: ['x', 'y'], nested: ['a'] });
    expect(expanded.get('c')).toEqual({ items: ['a', 'y', 'later'], nested: ['b'] });
  });

  it('loads nested lists end to end', () => {
    const content =
      '- list: a\n  items: [x]\n- list: b\n  items: [a, "y z"]\n- rule: r\n  desc: d\n  condition: evt.type = open and proc.name in (b)\n  output: o\n  priority: INFO\n';
    const result = loadRules([{ name: 'r.yaml', content }]);
    expect(result.ruleset.rules[0]?.compiled?.text).toBe('(evt.type = open and proc.name in (x, "y z"))');
    expect(result.ruleset.lists[1]).toMatchObject({
      items: ['a', 'y z'],
      resolvedItems: ['x', 'y z'],
      nestedLists: ['a'],
    });
    expect(result.ruleset.listUsage.get('a')).toMatchObject({ lists: ['b'], rules: ['r'], directRules: [] });
  });
});

describe('findListReferences', () => {
  it('finds delimited names with their spans', () => {
    const text = 'proc.name in (shells, other) and fd.name=shells';
    expect(findListReferences(text, table({ shells: ['a'], other: ['b'] }))).toEqual([
      { name: 'shells', span: { start: 14, end: 20 } },
      { name: 'other', span: { start: 22, end: 27 } },
      { name: 'shells', span: { start: 41, end: 47 } },
    ]);
  });
});
