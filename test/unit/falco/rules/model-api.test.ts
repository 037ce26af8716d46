/**
 * The result model the explain step and the exception synthesiser build on: positions of definitions and
 * updates, exception text as Falco builds it, offsets mapped back through YAML scalars.
 */
import { describe, expect, it } from '@jest/globals';
import { exceptionCondition, loadRules } from '../../../../src/falco/rules/index.js';
import { lineLocator, scalarValueMapper } from '../../../../src/falco/rules/source-map.js';

const BASE = `- macro: m
  condition: evt.type = open
- rule: r
  desc: first
  condition: m and proc.name = cat
  output: o
  priority: notice
  tags: [b, a]
`;

const UPDATE = `- rule: r
  condition: and fd.name = /etc/shadow
  desc: second
  tags: [c, a]
  exceptions:
    - name: quoted
      fields: [proc.cmdline, fd.name]
      comps: [contains, in]
      values:
        - [curl 127.0.0.1, [/etc/a, "/etc/b c"]]
  override:
    condition: append
    desc: append
    tags: append
    exceptions: append
`;

describe('the loaded ruleset', () => {
  const result = loadRules([
    { name: 'base.yaml', content: BASE },
    { name: 'update.yaml', content: UPDATE },
  ]);
  const rule = result.ruleset.rules[0];

  it('describes the rule after every append, as Falco does', () => {
    expect(result.errors).toEqual([]);
    expect(rule).toMatchObject({
      name: 'r',
      source: 'syscall',
      enabled: true,
      priority: 'Notice',
      desc: 'first second',
      condition: 'm and proc.name = cat and fd.name = /etc/shadow',
      tags: ['a', 'b', 'c'],
      definedAt: { file: 'base.yaml', line: 3, column: 3 },
    });
    expect(rule?.updates).toEqual([
      {
        kind: 'override-append',
        at: { file: 'update.yaml', line: 1, column: 3 },
        keys: ['condition', 'desc', 'tags', 'exceptions'],
      },
    ]);
    expect(rule?.compiled?.text).toBe(
      '((evt.type = open and proc.name = cat and fd.name = /etc/shadow) and not (proc.cmdline contains "curl 127.0.0.1" and fd.name in (/etc/a, "/etc/b c")))',
    );
    expect(rule?.usesMacros).toEqual([{ name: 'm', span: { start: 0, end: 1 } }]);
    expect(result.ruleset.macroUsage.get('m')).toEqual({
      directRules: ['r'],
      rules: ['r'],
      macros: [],
      lists: [],
    });
  });

  it('gives the exception text Falco appends, for previews', () => {
    const exception = rule?.exceptions[0];
    expect(exception?.definedAt).toEqual({ file: 'update.yaml', line: 6, column: 7 });
    if (exception === undefined) return;
    expect(exceptionCondition(exception)).toEqual({
      ok: true,
      value: '(( proc.cmdline contains "curl 127.0.0.1" and  fd.name in (/etc/a, "/etc/b c")))',
    });
    expect(
      exceptionCondition({ ...exception, values: [{ kind: 'list', items: [{ kind: 'item', item: 'x' }] }] }),
    ).toEqual({
      ok: false,
      error: { message: 'Fields and values lists must have equal length' },
    });
  });
});

describe('scalarValueMapper', () => {
  it('maps offsets of a double-quoted value with escapes back to the source', () => {
    const source = 'condition: "a \\"b\\" and\\n c"\n';
    const value = 'a "b" and\n c';
    const start = source.indexOf('"');
    const map = scalarValueMapper(source, [start, source.lastIndexOf('"') + 1], value);
    expect(source[map(value.indexOf('b'))]).toBe('b');
    expect(source[map(value.indexOf('c'))]).toBe('c');
  });

  it('maps offsets of a block literal to their line and column', () => {
    const source = 'condition: |\n  first line\n  second x\nnext: 1\n';
    const value = 'first line\nsecond x\n';
    const start = source.indexOf('|');
    const map = scalarValueMapper(source, [start, source.indexOf('next')], value);
    const locate = lineLocator('f.yaml', source);
    expect(locate(map(value.indexOf('x')))).toEqual({ file: 'f.yaml', line: 3, column: 10 });
  });
});
