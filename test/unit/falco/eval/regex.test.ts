/** regex: RE2 in POSIX syntax mode, anchored at both ends (libs sinsp_filter_check::matches_rhs_regex). */
import { describe, expect, it } from '@jest/globals';
import { compileRegex } from '../../../../src/falco/eval/regex.js';

function regex(pattern: string, text: string): boolean | string {
  const compiled = compileRegex(pattern);
  return compiled.ok ? compiled.value(text) : `${compiled.error.kind}: ${compiled.error.message}`;
}

describe('matching (full match)', () => {
  it.each([
    ['/etc/.*', '/etc/shadow', true],
    ['/etc/.*', 'x/etc/shadow', false], // anchored at the start
    ['etc', '/etc/shadow', false], // and at the end: not a search
    ['a|ab', 'ab', true], // the whole text must match, whichever branch
    ['(a|b)*c', 'ababc', true],
    ['a+', '', false],
    ['a*', '', true],
    ['', '', true],
    ['', 'a', false],
    ['a{2,3}', 'aa', true],
    ['a{2,3}', 'aaaa', false],
    ['a{2,}', 'aaaaa', true],
    ['a{2}', 'aa', true],
    ['a{,2}', 'a{,2}', true], // not a repetition: { is literal
    ['x{', 'x{', true],
    ['[[:digit:]]+', '2024', true],
    ['[[:^digit:]]+', 'abc', true],
    ['[^a]', '\n', true], // ClassNL: a negated class matches newline
    ['.', '\n', false], // . does not
    ['[a-c-]', '-', true],
    ['[]a]', ']', true],
    ['\\.', '.', true],
    ['\\.', 'x', false],
    ['\\x41', 'A', true],
    ['\\x{1F600}', '😀', true],
    ['\\101', 'A', true], // octal needs a second digit
    ['\\n', '\n', true],
    ['a.c', 'aéc', true], // . is one character, not one byte
    ['^a$\n^b$', 'a\nb', true], // ^ and $ match at line boundaries (one_line off)
    ['a$', 'a\n', false],
    ['(a+)+b', `${'a'.repeat(40)}c`, false], // linear time, no catastrophic backtracking
    ['(a|aa)*b', `${'a'.repeat(60)}`, false],
    ['a**', 'aaa', true], // POSIX mode allows repeated repetition
    ['/usr/(local/)?bin/[^/]+', '/usr/local/bin/kubectl', true],
    ['/usr/(local/)?bin/[^/]+', '/usr/local/bin/k/x', false],
  ])('%s against %j → %s', (pattern, text, expected) => {
    expect(regex(pattern, text)).toBe(expected);
  });
});

describe('patterns RE2 rejects in POSIX mode (Falco refuses the rule)', () => {
  it.each([
    ['\\d+', 'invalid escape sequence: \\d'],
    ['\\w', 'invalid escape sequence: \\w'],
    ['\\bword', 'invalid escape sequence: \\b'],
    ['(?:a)', 'missing argument to repetition operator: ?'],
    ['(?i)abc', 'missing argument to repetition operator: ?'],
    ['\\1', 'invalid escape sequence: \\1'],
    ['*a', 'missing argument to repetition operator: *'],
    ['a|*', 'missing argument to repetition operator: *'],
    ['(a', 'missing ): (a'],
    ['a)', 'unexpected ): a)'],
    ['[a', 'missing ]: [a'],
    ['[z-a]', 'bad character class range: z-a'],
    ['[a-c-e]', 'bad character class range: -e'],
    ['[[:nosuch:]]', 'invalid character class range: [:nosuch:]'],
    ['a{1001}', 'bad repetition operator: {1001}'],
    ['a{3,2}', 'bad repetition operator: {3,2}'],
    ['(a{100}){100}', 'bad repetition operator'],
    ['a\\', 'trailing \\'],
    ['\\pL', 'invalid escape sequence: \\p'],
  ])('%s', (pattern, message) => {
    expect(regex(pattern, 'anything')).toBe(`invalid: ${message}`);
  });
});

describe('limits', () => {
  it('reports a pattern too large to simulate as too-large, not invalid', () => {
    expect(regex('(((a{50}){20}){1}|b)', 'b')).toBe(true);
    expect(String(regex('[a-z]{1000}'.repeat(60), 'a'))).toMatch(/^too-large: /);
  });

  it('caches compiled patterns', () => {
    expect(compileRegex('cache-me.*')).toBe(compileRegex('cache-me.*'));
  });
});
