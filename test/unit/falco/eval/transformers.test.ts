/** Transformers as libs defines them (sinsp_filter_transformers/*, sinsp_filtercheck_multivalue_transformer.cpp). */
import { describe, expect, it } from '@jest/globals';
import type { FieldValues, Truth } from '../../../../src/falco/eval/index.js';
import { decodeBase64 } from '../../../../src/falco/eval/transformers.js';
import { evaluateAll } from './helpers.js';

const ALERT: FieldValues = {
  'proc.name': 'CuRL',
  'proc.pname': 'école',
  'proc.cmdline': 'aGVsbG8=',
  'proc.env': 'd29ybGQgIQ==',
  'proc.exepath': '/usr/local/bin/curl',
  'fd.name': '/tmp/file_to_run',
  'fd.directory': '/tmp',
  'fd.types': ['ipv4', 'file'],
  'user.uid': 1000,
  'k8s.ns.name': null,
  'proc.args': ['-l', '-p', '8080', '-e', '/bin/sh'],
};

function table(rows: readonly (readonly [string, Truth])[], fields: FieldValues = ALERT): void {
  it.each(rows)('%s → %s', (condition, expected) => {
    expect(evaluateAll(condition, fields)).toBe(expected);
  });
}

describe('tolower toupper (ASCII only, like C tolower)', () => {
  table([
    ['tolower(proc.name) = curl', 'true'],
    ['toupper(proc.name) = CURL', 'true'],
    ['tolower(proc.name) = CuRL', 'false'],
    ['toupper(proc.pname) = éCOLE', 'true'], // é is not ASCII: unchanged
    ['tolower(missing.field) = x', 'unknown'],
    ['tolower(k8s.ns.name) = x', 'false'],
    ['tolower(user.uid) = x', 'unknown'], // transformers on numbers: Falco refuses
    ['tolower(fd.types) intersects (file)', 'true'], // applied to each value of a list
  ]);
});

describe('b64', () => {
  table([
    ['b64(proc.cmdline) = hello', 'true'],
    ['b64(proc.env) = "world !"', 'true'],
    ['b64(proc.name) = x', 'false'], // "CuRL" decodes, to bytes that are not "x"
    ['b64(fd.name) = x', 'false'], // not base64: extraction fails, the check is false
    ['not b64(fd.name) = x', 'true'],
  ]);

  it.each([
    ['aGVsbG8=', 'hello'],
    ['aGVsbG8', 'hello'], // padding optional
    ['d29ybGQgIQ==', 'world !'],
    ['', ''],
    ['=', undefined],
    ['a', undefined],
    ['aGVsbG9', undefined], // stray bits in the last character
    ['aGV sbG8=', undefined],
  ])('decodeBase64(%j) → %j', (input, expected) => {
    expect(decodeBase64(input)).toBe(expected);
  });
});

describe('basename', () => {
  it.each([
    ['/home/ubuntu/hello.txt', 'hello.txt'],
    ['/usr/local/bin/cat', 'cat'],
    ['/', ''],
    ['/hello/', ''],
    ['hello', 'hello'],
    ['', ''],
  ])('basename(%j) = %j', (path, expected) => {
    expect(evaluateAll(`basename(fd.name) = "${expected}"`, { 'fd.name': path })).toBe('true');
  });
});

describe('len', () => {
  table([
    ['len(fd.name) = 16', 'true'],
    ['len(fd.name) > 20', 'false'],
    ['len(proc.pname) = 6', 'true'], // bytes: é is two
    ['len(fd.types) = 2', 'true'], // a list: its number of values
    ['len(missing.field) = 0', 'unknown'],
    ['len(user.uid) = 4', 'unknown'],
  ]);
});

describe('join concat', () => {
  table([
    ['join("-", (fd.name, fd.directory)) = /tmp/file_to_run-/tmp', 'true'],
    ['join(fd.directory, (fd.name, fd.directory)) = /tmp/file_to_run/tmp/tmp', 'true'],
    ['join("->", ("aaa", "bbb")) = aaa->bbb', 'true'],
    ['join("->", ("aaa")) = aaa', 'true'],
    ['join(",", ()) = ""', 'true'],
    ['join(",", (user.uid, user.uid)) = "1000,1000"', 'true'],
    ['join("-", (toupper(fd.name), "x")) = /TMP/FILE_TO_RUN-x', 'true'],
    ['join(",", fd.types) = "ipv4,file"', 'true'], // a list field as the list
    ['join("-", (fd.name, missing.field)) = x', 'unknown'],
    ['join("-", (fd.name, k8s.ns.name)) = x', 'false'],
    ['toupper(join("-", ("aaa", "bbb"))) = AAA-BBB', 'true'],
    ['len(join("-", (fd.name, fd.directory))) = 21', 'true'],
    ['b64(join("W", ("YWFhL", "JiYg"))) = "aaa-bbb"', 'true'],
    ['concat(fd.name, fd.directory) = /tmp/file_to_run/tmp', 'true'],
    ['concat("aaa", "bbb", "ccc") = aaabbbccc', 'true'],
    ['concat(fd.directory, concat("aaa", toupper(fd.name))) = /tmpaaa/TMP/FILE_TO_RUN', 'true'],
    ['concat(fd.name, user.uid) = x', 'unknown'], // concat() arguments must be strings
    ['concat(fd.name, missing.field) = x', 'unknown'],
  ]);
});

describe('getopt', () => {
  // libs' own cases (sinsp_filter_transformer.ut.cpp), with its current scanner: it stops at the first non-option.
  table([
    ['getopt(("-n", ""), "n") intersects ("n")', 'true'],
    ['getopt(("-t", "hello"), "t:") intersects ("t", "hello")', 'true'],
    ['getopt(("-nt", "hello"), "nt:") intersects ("n", "t", "hello")', 'true'],
    ['getopt(("-thello"), "t:") intersects ("hello")', 'true'],
    ['getopt(("-n"), "n") intersects ("t")', 'false'],
    ['getopt(("-n", "--", "-t"), "nt:") intersects ("t")', 'false'],
    ['getopt(("-x", "-n"), "n") intersects ("n")', 'true'],
    ['getopt(("-x", "-n"), "n") intersects ("x")', 'false'],
    ['getopt(("-x"), "n") intersects ("?")', 'true'], // an unknown option
    ['getopt(("--exec", "-n"), "n") intersects ("n")', 'true'], // long options are skipped
    ['getopt(("arg1", "-n"), "n") intersects ("n")', 'false'], // stops at the first non-option
    ['getopt(("-", "-n"), "n") intersects ("n")', 'false'], // a lone - is a non-option
    ['getopt(("-lpe", "/bin/sh"), "lpe:") intersects ("/bin/sh")', 'true'],
    ['getopt(("-n", "-t"), "") intersects ("n")', 'false'],
    ['getopt(("-t"), "t:") intersects ("")', 'true'], // a missing value is an empty string
    ['getopt(proc.args, "lp:e:") intersects ("e")', 'true'],
    ['getopt(proc.args, "lp:e:")[p] = 8080', 'true'],
    ['getopt(proc.args, "lp:e:")[e] = /bin/sh', 'true'],
    ['getopt(proc.args, "lp:e:")[x] exists', 'false'], // no such option: extraction fails
    ['getopt(("-t", "a", "-t", "b"), "t:")[t] = b', 'true'], // the last one wins
    ['getopt(missing.field, "n") intersects ("n")', 'unknown'],
    ['getopt(proc.name, "n") intersects ("n")', 'unknown'], // a single string, not an argument list
  ]);
});

describe('printed transformer keys', () => {
  it('reads the value Falco printed for the transformed field first', () => {
    const fields = { 'tolower(proc.name)': 'printed', 'proc.name': 'OTHER' };
    expect(evaluateAll('tolower(proc.name) = printed', fields)).toBe('true');
    expect(evaluateAll('tolower(proc.name) = other', { 'proc.name': 'OTHER' })).toBe('true');
  });
});
