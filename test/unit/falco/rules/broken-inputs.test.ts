/**
 * Deliberately broken rules files: every one gives a positioned error (file, line, column, Falco's code and
 * wording), never an exception or a hang.
 */
import { describe, expect, it } from '@jest/globals';
import { loadRules } from '../../../../src/falco/rules/load.js';
import type { Diagnostic } from '../../../../src/falco/rules/model.js';

function firstError(content: string): Diagnostic | undefined {
  const result = loadRules([{ name: 'broken.yaml', content }]);
  expect(result.ok).toBe(false);
  return result.errors[0];
}

const RULE_TAIL = '  desc: d\n  output: o\n  priority: INFO\n';

describe('broken rules files', () => {
  it('bad YAML: the parse error and where it is', () => {
    // The flow sequence opened on line 2 is found unclosed on line 3.
    const error = firstError('- rule: a\n  desc: [unclosed\n  condition: x\n');
    expect(error).toMatchObject({ file: 'broken.yaml', line: 3, column: 3, code: 'LOAD_ERR_YAML_PARSE' });
    expect(error?.message).toMatch(/flow sequence/i);
  });

  it('a top-level map is not a rules file', () => {
    expect(firstError('rule: a\ncondition: x\n')).toMatchObject({
      message: 'Rules content is not yaml array of objects',
      code: 'LOAD_ERR_YAML_VALIDATE',
    });
  });

  it('an item that is not a map', () => {
    expect(firstError('- list: a\n  items: [x]\n- just text\n')).toMatchObject({
      line: 3,
      column: 3,
      message: 'Unexpected element type. Each element should be a yaml associative array.',
    });
  });

  it('wrong types: items that are not a sequence, at the value', () => {
    expect(firstError('- list: a\n  items: notalist\n')).toMatchObject({
      line: 2,
      column: 10,
      message: 'Value is not a sequence',
    });
  });

  it('wrong types: a bool that yaml-cpp cannot decode, at the value', () => {
    expect(
      firstError(`- rule: r\n  condition: evt.type = open\n  enabled: maybe\n${RULE_TAIL}`),
    ).toMatchObject({
      line: 3,
      column: 12,
      message: "Can't decode YAML scalar value",
    });
  });

  it('wrong types: a map where a string belongs', () => {
    expect(firstError(`- rule: r\n  condition: {a: b}\n${RULE_TAIL}`)).toMatchObject({
      line: 2,
      column: 14,
      message: 'Value is not a scalar value',
    });
  });

  it('an invalid priority, at the priority', () => {
    expect(
      firstError('- rule: r\n  condition: evt.type = open\n  desc: d\n  output: o\n  priority: URGENT\n'),
    ).toMatchObject({ line: 5, column: 13, message: 'Invalid priority' });
  });

  it('a missing required key, at the item', () => {
    expect(
      firstError('- rule: r\n  condition: evt.type = open\n  output: o\n  priority: INFO\n'),
    ).toMatchObject({
      line: 1,
      column: 3,
      message: "Item has no mapping for key 'desc'",
    });
  });

  it('an undefined macro, at the identifier inside a folded condition', () => {
    const content = `- rule: r\n  condition: >\n    evt.type = open\n    and not_a_macro\n${RULE_TAIL}`;
    expect(firstError(content)).toMatchObject({
      line: 4,
      column: 9,
      code: 'LOAD_ERR_VALIDATE',
      message: "Undefined macro 'not_a_macro' used in filter.",
    });
  });

  it('append before definition', () => {
    expect(firstError('- macro: m\n  condition: or evt.type = open\n  append: true\n')).toMatchObject({
      line: 1,
      column: 3,
      code: 'LOAD_ERR_VALIDATE',
      message: "Macro uses 'append' or 'override.condition: append' but no macro by that name already exists",
    });
  });

  it('unbalanced parentheses, at the end of the condition', () => {
    expect(
      firstError(`- rule: r\n  condition: (evt.type = open and proc.name = cat\n${RULE_TAIL}`),
    ).toMatchObject({
      line: 2,
      column: 50,
      code: 'LOAD_ERR_COMPILE_CONDITION',
      message: "expected a ')' token",
    });
  });

  it('a syntax error inside a macro, at the macro', () => {
    const content = `- macro: m\n  condition: evt.type = = open\n- rule: r\n  condition: m\n${RULE_TAIL}`;
    const result = loadRules([{ name: 'broken.yaml', content }]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ line: 2, item: { kind: 'macro', name: 'm' } });
  });

  it('a condition nested 10,000 levels deep hits the depth limit', () => {
    const condition = `${'('.repeat(10000)}evt.type = open${')'.repeat(10000)}`;
    expect(firstError(`- rule: deep\n  condition: ${condition}\n${RULE_TAIL}`)).toMatchObject({
      line: 2,
      code: 'LOAD_ERR_COMPILE_CONDITION',
      message: 'exceeded max depth limit of 1000',
    });
  });

  it('a macro that refers to itself is a reference loop', () => {
    const content = `- macro: m\n  condition: evt.type = open\n- macro: m\n  condition: or m\n  append: true\n- rule: r\n  condition: m\n${RULE_TAIL}`;
    expect(firstError(content)?.message).toBe("reference loop in macro 'm'");
  });

  it('a 5 MB file: loads, and the one broken rule at its end is reported at its line', () => {
    const parts = ['- list: base_list\n  items: [a, b, "c d"]\n'];
    let size = 0;
    let index = 0;
    while (size < 5 * 1024 * 1024) {
      const rule =
        `- rule: generated rule ${index}\n  desc: generated rule ${index}, padded to take room in the file\n` +
        `  condition: evt.type in (open, openat) and fd.name startswith /tmp/${index} and not proc.name in (x${index}, base_list)\n` +
        `  output: opened %fd.name by %proc.name (rule ${index})\n  priority: WARNING\n  tags: [generated]\n`;
      parts.push(rule);
      size += rule.length;
      index++;
    }
    const lines = parts.join('').split('\n').length;
    parts.push(`- rule: broken\n  condition: (evt.type = open\n${RULE_TAIL}`);
    const result = loadRules([{ name: 'big.yaml', content: parts.join('') }]);
    expect(result.errors).toEqual([
      expect.objectContaining({
        line: lines + 1,
        code: 'LOAD_ERR_COMPILE_CONDITION',
        message: "expected a ')' token",
      }),
    ]);
    expect(result.ruleset.rules).toHaveLength(index + 1);
  }, 180_000);
});
