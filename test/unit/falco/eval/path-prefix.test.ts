/** pmatch: libs path_prefix_search, component-wise prefixes with per-component globs. */
import { describe, expect, it } from '@jest/globals';
import { compilePathPrefixes } from '../../../../src/falco/eval/path-prefix.js';

function pmatch(paths: readonly string[], path: string): boolean | string {
  const compiled = compilePathPrefixes(paths);
  return compiled.ok ? compiled.value(path) : `unsupported: ${compiled.error}`;
}

describe('pmatch', () => {
  it.each([
    [['/etc'], '/etc/shadow', true],
    [['/etc'], '/etc', true],
    [['/etc'], '/etcx', false],
    [['/etc'], '/', false],
    [['/etc/'], '/etc/shadow', true], // trailing slash: same path
    [['//etc'], '/etc/passwd', true], // empty components dropped
    [['etc'], '/etc/passwd', true], // relative: same components
    [['/var/run'], '/var/run/docker.sock', true],
    [['/var/run'], '/var', false], // a partial match is not a match
    [['/var/run'], '/var/lib/messages', false],
    [['/usr/lib', '/usr'], '/usr/bin/x', true],
    [['/'], '/anything/at/all', true],
    [['/'], '', true],
    [['/home/*/.ssh'], '/home/alice/.ssh/id_rsa', true], // a component with * is a glob
    [['/home/*/.ssh'], '/home/alice/.config/x', false],
    [['/proc/[0-9]*'], '/proc/1234/environ', true],
    [['/proc/[0-9]*'], '/proc/self/environ', false],
    [[], '/etc', false],
  ])('%j against %s → %s', (paths, path, expected) => {
    expect(pmatch(paths, path)).toBe(expected);
  });
});
