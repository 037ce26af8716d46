/** The parser beyond libs' cases: spans, the depth limit, version gating, escapes and the AST shape. */
import { describe, expect, it } from '@jest/globals';
import { mustParse } from './helpers.js';
import type { Expr } from '../../../../src/falco/condition/ast.js';
import { parseCondition } from '../../../../src/falco/condition/parser.js';
import { printCondition } from '../../../../src/falco/condition/printer.js';
import { falcoVersion } from '../../../../src/falco/version.js';

/** The source text of every node, depth first, as `type:text` (libs' position tests, with ends). */
function spans(text: string): string[] {
  const out: string[] = [];
  const visit = (node: { type: string; span: { start: number; end: number } }): void => {
    out.push(`${node.type}:${text.slice(node.span.start, node.span.end)}`);
  };
  const walk = (expr: Expr): void => {
    visit(expr);
    switch (expr.type) {
      case 'and':
      case 'or':
        expr.children.forEach(walk);
        return;
      case 'not':
        walk(expr.child);
        return;
      case 'identifier':
        return;
      case 'unary-check':
        visit(expr.left);
        return;
      case 'binary-check':
        visit(expr.left);
        visit(expr.right);
        return;
    }
  };
  walk(mustParse(text));
  return out;
}

describe('spans', () => {
  it('covers each node exactly, without the surrounding blanks or parentheses', () => {
    const text = '(proc.aname[2]=nginx and evt.type in (connect,accept)) or (not fd.name exists)';
    expect(spans(text)).toEqual([
      `or:${text}`,
      'and:proc.aname[2]=nginx and evt.type in (connect,accept)',
      'binary-check:proc.aname[2]=nginx',
      'field:proc.aname[2]',
      'value:nginx',
      'binary-check:evt.type in (connect,accept)',
      'field:evt.type',
      'list:(connect,accept)',
      'not:not fd.name exists',
      'unary-check:fd.name exists',
      'field:fd.name',
    ]);
  });

  it('starts where libs positions each node (position_complex_transformers)', () => {
    const text =
      'b64(evt.name) exists and tolower(toupper(evt.type)) in val(some.field) or proc.name=b64(tolower(some.field))';
    const expr = mustParse(text);
    if (expr.type !== 'or') throw new Error('expected or');
    const [and, check] = expr.children;
    if (and?.type !== 'and' || check?.type !== 'binary-check') throw new Error('unexpected shape');
    expect(and.span.start).toBe(0);
    const [, inCheck] = and.children;
    if (inCheck?.type !== 'binary-check') throw new Error('expected a check');
    expect([inCheck.span.start, inCheck.left.span.start, inCheck.right.span.start]).toEqual([25, 25, 55]);
    expect(check.span.start).toBe(74);
    expect(check.right.span).toEqual({ start: 84, end: text.length });
  });

  it('keeps quotes inside a quoted value’s span and line breaks outside every span', () => {
    expect(spans('\n  proc.name = "a b"\n')).toEqual([
      'binary-check:proc.name = "a b"',
      'field:proc.name',
      'value:"a b"',
    ]);
  });
});

describe('depth limit', () => {
  it('rejects a 10,000-level nesting quickly with libs’ message instead of overflowing', () => {
    const text = `${'('.repeat(10_000)}a${')'.repeat(10_000)}`;
    const parsed = parseCondition(text);
    expect(parsed).toEqual({
      ok: false,
      error: {
        code: 'condition_syntax',
        message: 'exceeded max depth limit of 1000',
        offset: expect.any(Number),
      },
    });
  });

  it('rejects deep nesting of every recursive form', () => {
    for (const text of [
      `${'not('.repeat(5000)}a${')'.repeat(5000)}`,
      `${'tolower('.repeat(5000)}a.b${')'.repeat(5000)} exists`,
      `a.b = ${'b64('.repeat(5000)}c.d${')'.repeat(5000)}`,
      `join(",", ${'('.repeat(5000)}`,
    ]) {
      const parsed = parseCondition(text);
      expect(parsed.ok).toBe(false);
    }
  });

  // libs enters or, and, not, check for `a` (4) and check, embedded, or, and, not per parenthesis (5).
  it('counts depth as libs does: Falco’s 1000 allows 199 nested parentheses', () => {
    const nested = (n: number): string => `${'('.repeat(n)}a${')'.repeat(n)}`;
    expect(parseCondition(nested(199)).ok).toBe(true);
    expect(parseCondition(nested(200)).ok).toBe(false);
    expect(parseCondition(nested(19), { maxDepth: 100 }).ok).toBe(true);
    expect(parseCondition(nested(20), { maxDepth: 100 }).ok).toBe(false);
  });

  it('turns a JavaScript stack overflow into an error value when maxDepth is set absurdly high', () => {
    const text = `${'('.repeat(200_000)}a${')'.repeat(200_000)}`;
    const parsed = parseCondition(text, { maxDepth: Number.MAX_SAFE_INTEGER });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.message).toMatch(/^exceeded max depth limit/);
  });
});

describe('version gating', () => {
  const at = (text: string, major: number, minor: number) =>
    parseCondition(text, { version: falcoVersion(major, minor, 0) });

  it.each([
    ['proc.name iglob bash*', 0, 37, "the 'iglob' operator (added in Falco 0.38.0)", 10],
    ['tolower(proc.name) = bash', 0, 37, "the 'tolower', 'toupper' and 'b64' transformers (added in", 0],
    ['proc.name = val(proc.pname)', 0, 37, 'val() field comparisons (added in Falco 0.38.0)', 12],
    ['basename(proc.exepath) = bash', 0, 38, "the 'basename' transformer (added in Falco 0.39.0)", 0],
    ['proc.name regex "^ba"', 0, 38, "the 'regex' operator (added in Falco 0.39.0)", 10],
    ['len(proc.name) > 3', 0, 39, "the 'len' transformer (added in Falco 0.40.0)", 0],
    ['join("-", (proc.name, proc.pid)) = a', 0, 42, "the 'join' transformer (added in Falco 0.43.0)", 0],
    ['tolower(proc.name, "x") = a', 0, 42, 'transformer arguments other than a single field', 17],
    ['getopt(proc.args, "nt:")[t] = x', 0, 43, "the 'getopt' transformer (added in Falco 0.44.0)", 0],
    ['proc.name startswith oneof (a, b)', 0, 43, "the 'oneof', 'anyof' and 'allof' modifiers (added in", 21],
  ])('%j at Falco %i.%i names the version it needs', (text, major, minor, message, offset) => {
    const parsed = at(text, major, minor);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.message).toContain(message);
    expect(parsed.error.message).toMatch(new RegExp(`^Falco ${major}\\.${minor}\\.0 does not support `));
    expect(parsed.error.offset).toBe(offset);
    expect(parseCondition(text).ok).toBe(true);
  });

  it('keeps libs’ own error when the text is wrong at every version', () => {
    expect(at('proc.name = (a', 0, 37)).toEqual({
      ok: false,
      error: {
        code: 'condition_syntax',
        message: expect.stringMatching(/^expected a string value$/),
        offset: 12,
      },
    });
    expect(parseCondition('proc.name = (a')).toMatchObject({ error: { offset: 12 } });
  });

  it('lists only the operators and transformers of the target version in messages', () => {
    const old = at('proc.name ~ x', 0, 37);
    const newest = parseCondition('proc.name ~ x');
    if (old.ok || newest.ok) throw new Error('expected errors');
    expect(old.error.message).not.toContain('iglob');
    expect(newest.error.message).toContain("'iglob'");
    expect(newest.error.message).toContain("'regex'");
  });

  it('treats versions before 0.32 like 0.32 and parses the 0.25 era conditions', () => {
    const text = 'fd.name startswith /etc and not proc.name in (hids_binaries, "a b") and evt.arg[0] != 1';
    expect(at(text, 0, 25).ok).toBe(true);
    expect(at('tolower(a.b) = c', 0, 25).ok).toBe(false);
  });
});

describe('values and escapes', () => {
  it('unescapes libs’ escapes and rejects the others at the end of the string', () => {
    const value = (text: string): unknown => {
      const expr = mustParse(`a.b = ${text}`);
      return expr.type === 'binary-check' && expr.right.type === 'value' ? expr.right.value : undefined;
    };
    expect(value(String.raw`"t\tn\nr\rb\bf\f\\\/\""`)).toBe('t\tn\nr\rb\bf\f\\/"');
    expect(value(String.raw`'it\'s'`)).toBe("it's");
    expect(parseCondition(String.raw`a.b = "\x41"`)).toEqual({
      ok: false,
      error: { code: 'condition_syntax', message: 'unsupported string escape sequence: \\x', offset: 12 },
    });
  });

  it('represents `in list_name` as a value naming the list, and modifiers beside the operator', () => {
    expect(mustParse('proc.name in shell_binaries')).toMatchObject({
      type: 'binary-check',
      operator: 'in',
      right: { type: 'value', value: 'shell_binaries' },
    });
    expect(mustParse('proc.name glob anyof (a*, b*)')).toMatchObject({
      operator: 'glob',
      modifier: 'anyof',
      right: { type: 'list', items: [{ value: 'a*' }, { value: 'b*' }] },
    });
  });

  it('builds transformer lists and getopt indexes', () => {
    expect(mustParse('join("-", (fd.name, tolower(proc.name), 1)) = x')).toMatchObject({
      left: {
        type: 'transformer',
        name: 'join',
        args: [
          { type: 'value', value: '-' },
          {
            type: 'transformer-list',
            items: [
              { type: 'field' },
              { type: 'transformer', name: 'tolower' },
              { type: 'value', value: '1' },
            ],
          },
        ],
      },
    });
    expect(mustParse('getopt(proc.args, "nt:")[t] = x')).toMatchObject({
      left: { type: 'transformer', name: 'getopt', arg: 't' },
    });
  });

  it('rejects an empty condition like libs', () => {
    expect(parseCondition('')).toEqual({
      ok: false,
      error: { code: 'condition_syntax', message: 'filter input string is empty', offset: 0 },
    });
  });

  it('prints the compiled-condition style the rule loader tests compare', () => {
    expect(printCondition(mustParse('evt.type = open and proc.name in (ash,bash, "pwsh")'))).toBe(
      '(evt.type = open and proc.name in (ash, bash, pwsh))',
    );
    expect(printCondition(mustParse('(a and b) and not (c or d.e = "x y")'))).toBe(
      '((a and b) and not (c or d.e = "x y"))',
    );
  });
});
