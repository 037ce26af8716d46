/**
 * Files load in order and Falco compiles after each one: what a later file defines does not help an earlier one.
 */
import { describe, expect, it } from '@jest/globals';
import { loadRules } from '../../../../src/falco/rules/load.js';

const USES =
  '- rule: r\n  desc: d\n  condition: evt.type = open and later_macro\n  output: o\n  priority: INFO\n';
const DEFINES = '- macro: later_macro\n  condition: proc.name = cat\n';

describe('load order across files', () => {
  it('a rule using a macro from a later file fails when its own file loads, as in Falco', () => {
    const result = loadRules([
      { name: 'a.yaml', content: USES },
      { name: 'b.yaml', content: DEFINES },
    ]);
    expect(result.errors).toEqual([
      expect.objectContaining({
        file: 'a.yaml',
        line: 3,
        column: 34,
        message: "Undefined macro 'later_macro' used in filter.",
      }),
    ]);
  });

  it('the other order loads', () => {
    const result = loadRules([
      { name: 'b.yaml', content: DEFINES },
      { name: 'a.yaml', content: USES },
    ]);
    expect(result.errors).toEqual([]);
    expect(result.ruleset.rules[0]?.compiled?.text).toBe('(evt.type = open and proc.name = cat)');
  });

  it('a broken rule replaced by a later file still fails at its own file', () => {
    const broken = USES.replace('evt.type = open and later_macro', 'evt.type = = open');
    const fix = '- rule: r\n  condition: evt.type = open\n  override:\n    condition: replace\n';
    const result = loadRules([
      { name: 'a.yaml', content: broken },
      { name: 'b.yaml', content: fix },
    ]);
    expect(result.errors.map((e) => `${e.file}:${e.line}`)).toEqual(['a.yaml:3']);
    expect(result.ruleset.rules[0]?.compiled?.text).toBe('evt.type = open');
  });
});
