/** glob/iglob as glibc fnmatch(3) with no flags / FNM_CASEFOLD, C locale (libs sinsp_utils::glob_match). */
import { describe, expect, it } from '@jest/globals';
import { compileGlob } from '../../../../src/falco/eval/glob.js';

function glob(pattern: string, text: string, caseInsensitive = false): boolean | string {
  const compiled = compileGlob(pattern, caseInsensitive);
  return compiled.ok ? compiled.value(text) : `unsupported: ${compiled.error}`;
}

describe('glob (fnmatch, no flags)', () => {
  it.each([
    ['/home/*/.ssh/*', '/home/alice/.ssh/id_rsa', true],
    ['/home/*/.ssh/*', '/home/alice/ssh/id_rsa', false],
    ['*', '', true],
    ['', '', true],
    ['', 'a', false],
    ['*', '/etc/shadow', true], // no FNM_PATHNAME: * crosses /
    ['*', '.bashrc', true], // no FNM_PERIOD: * matches a leading dot
    ['/etc/*', '/etc/ssh/sshd_config', true],
    ['*../*../*', 'a/../../b', true],
    ['*../*../*', 'a/../b', false],
    ['/etc/s?adow', '/etc/shadow', true],
    ['/etc/s?adow', '/etc/sadow', false],
    ['?', '', false],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'aXbYcZ', false],
    ['*a*a*a*a*a*a*b', 'a'.repeat(5000), false], // linear, no backtracking blow-up
    ['[abc]x', 'bx', true],
    ['[abc]x', 'dx', false],
    ['[a-c]x', 'bx', true],
    ['[!a-c]x', 'bx', false],
    ['[!a-c]x', 'dx', true],
    ['[^a-c]x', 'dx', true], // glibc accepts ^ as well as !
    ['[]]', ']', true], // ] first is a member
    ['[]a]', 'a', true],
    ['[a-]', '-', true], // - last is a member
    ['[z-a]', 'm', false], // reversed range matches nothing
    ['[[:digit:]]*', '7up', true],
    ['[[:upper:]]', 'Q', true],
    ['[[:upper:]]', 'q', false],
    ['[[:alpha:][:digit:]]', '5', true],
    ['[[:nosuch:]]', 'a', false], // invalid class name: FNM_NOMATCH
    ['[[=a=]]', 'a', true],
    ['[ab', '[ab', true], // no closing ]: [ is a literal
    ['[ab', 'a', false],
    ['\\*', '*', true],
    ['\\*', 'a', false],
    ['a\\', 'a\\', false], // trailing backslash never matches
    ['[\\]]', ']', true],
    ['?', 'é', false], // bytes: é is two bytes in UTF-8
    ['??', 'é', true],
    ['caf*', 'café', true],
    ['CAT', 'cat', false],
  ])('%s against %s → %s', (pattern, text, expected) => {
    expect(glob(pattern, text)).toBe(expected);
  });
});

describe('iglob (FNM_CASEFOLD, ASCII)', () => {
  it.each([
    ['CAT', 'cat', true],
    ['/ETC/*', '/etc/shadow', true],
    ['[A-C]x', 'bX', true],
    ['[[:upper:]]', 'q', false], // classes test the raw byte, as glibc does
    ['É', 'é', false], // ASCII folding only
  ])('%s against %s → %s', (pattern, text, expected) => {
    expect(glob(pattern, text, true)).toBe(expected);
  });
});

describe('unsupported patterns', () => {
  it('reports collating symbols instead of guessing', () => {
    expect(glob('[[.a.]]', 'a')).toMatch(/^unsupported: collating symbols/);
  });
});
