import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import {
  checkListItem,
  falcoQuoted,
  substitutedListName,
  writeConditionValue,
} from '../../../../src/falco/exceptions/falco-token.js';
import { isPlainSafe, yamlFlowSeq, yamlScalar } from '../../../../src/falco/exceptions/yaml-scalar.js';
import { version } from './helpers.js';

const V = version('0.44.1');
const LISTS = ['hids_binaries', 'shell_binaries'];

describe('writeConditionValue', () => {
  it.each([
    ['cat', 'cat'],
    ['/etc/shadow', '/etc/shadow'],
    ['my prog', '"my prog"'],
    ['a"b', '"a\\"b"'],
    ["it's", `"it's"`],
    ['a,b', '"a,b"'],
    ['(x)', '"(x)"'],
    ['a=b', '"a=b"'],
    ['line\nbreak', '"line\\nbreak"'],
    ['tab\there', '"tab\\there"'],
    ['back\\slash', 'back\\slash'],
    ['ends with \\', '"ends with \\ "'],
    ['', '""'],
    ['hids_binaries', '"hids_binaries"'],
    ['日本語', '日本語'],
  ])('writes %j as %s', (value, token) => {
    expect(writeConditionValue('proc.name', '=', value, LISTS, V)).toEqual({ ok: true, value: token });
  });

  it('refuses a value in which Falco would substitute a list name, even quoted', () => {
    const result = writeConditionValue('proc.name', '=', 'a hids_binaries b', LISTS, V);
    expect(!result.ok && result.error).toMatch(/"hids_binaries", the name of a list/);
    expect(writeConditionValue('proc.name', '=', 'x (shell_binaries)', LISTS, V).ok).toBe(false);
    // Inside quotes a name next to a quote is not delimited, so these are safe.
    expect(writeConditionValue('proc.name', '=', 'x hids_binaries', LISTS, V).ok).toBe(true);
    expect(writeConditionValue('proc.name', '=', 'xhids_binaries', LISTS, V).ok).toBe(true);
  });

  it('parenthesises values of list operators', () => {
    expect(writeConditionValue('fd.name', 'pmatch', '/etc', LISTS, V)).toEqual({ ok: true, value: '/etc' });
    expect(writeConditionValue('fd.name', 'pmatch', '/my dir', LISTS, V)).toEqual({
      ok: true,
      value: '"/my dir"',
    });
  });

  it('quotes the way libs reads back a final backslash', () => {
    expect(falcoQuoted('a\\')).toBe('"a\\ "');
    expect(substitutedListName('"hids_binaries a"', LISTS)).toBeUndefined();
    expect(substitutedListName('"a hids_binaries b"', LISTS)).toBe('hids_binaries');
    expect(substitutedListName('hids_binaries', LISTS)).toBe('hids_binaries');
  });
});

describe('checkListItem', () => {
  const uses = [{ field: 'proc.name', operator: 'in' as const }];
  it.each([
    ['titanagent', true],
    ['with space', true],
    ['update-aide.con', true],
    ['a,b', false],
    ['a(b', false],
    ['a=b', false],
    ['"q"', false],
    ["it's", false],
    ['a\tb', false],
    ['a\nb', false],
    ['a \\b', false],
    ['', false],
    ['hids_binaries', false],
  ])('%j can be a list item: %s', (value, allowed) => {
    const result = checkListItem(value, uses, LISTS, V);
    expect(result.ok).toBe(allowed);
    if (!result.ok) expect(result.error.length).toBeGreaterThan(20);
  });
});

describe('YAML scalars', () => {
  it.each([
    ['cat', true],
    ['/etc/shadow', true],
    ['=', true],
    ['-d', false],
    ['a: b', false],
    ['a #b', false],
    ['yes', false],
    ['1e3', false],
    ['0x1F', false],
    ['~', false],
    ['*x', false],
    ['é', false],
    ['a,b', true],
  ])('%j plain in block context: %s', (text, plain) => {
    expect(isPlainSafe(text, false)).toBe(plain);
  });

  it('reads back every scalar exactly, in flow sequences too', () => {
    const samples = [
      'a,b',
      '[x]',
      '{y}',
      '- z',
      'a: b',
      '#',
      '"q"',
      "'s'",
      '\\',
      '\n',
      '\u2028',
      '\u0000',
      '🙂',
      ' lead',
      'trail ',
      '',
    ];
    for (const text of samples) {
      expect(parse(`v: ${yamlScalar(text)}`)).toEqual({ v: text });
      expect(parse(`v: ${yamlFlowSeq([text, 'x'])}`)).toEqual({ v: [text, 'x'] });
    }
  });
});
