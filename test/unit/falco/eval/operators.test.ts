/**
 * Every operator with true, false and unknown cases, through parsed conditions. `evaluateAll` also checks that the
 * interpreter, the compiled form and the tracer agree on every row.
 */
import { describe, expect, it } from '@jest/globals';
import type { FieldValues, Truth } from '../../../../src/falco/eval/index.js';
import { evaluateAll } from './helpers.js';

const ALERT: FieldValues = {
  'proc.name': 'cat',
  'proc.exe': 'cat',
  'proc.cmdline': 'cat /etc/shadow',
  'fd.name': '/etc/shadow',
  'fd.directory': '/etc',
  'user.uid': 0,
  'user.loginuid': -1,
  'proc.tty': 34816,
  'evt.is_open_write': true,
  'fd.types': ['ipv4', 'file'],
  'k8s.ns.name': null,
  'evt.buffer': 'GET /.env HTTP/1.1',
  'container.image.repository': 'docker.io/library/alpine',
};

function table(rows: readonly (readonly [string, Truth])[]): void {
  it.each(rows)('%s → %s', (condition, expected) => {
    expect(evaluateAll(condition, ALERT)).toBe(expected);
  });
}

describe('= == !=', () => {
  table([
    ['proc.name = cat', 'true'],
    ['proc.name == cat', 'true'],
    ['proc.name = dog', 'false'],
    ['proc.name = CAT', 'false'],
    ['proc.name != dog', 'true'],
    ['proc.name != cat', 'false'],
    ['missing.field = x', 'unknown'],
    ['missing.field != x', 'unknown'],
    ['k8s.ns.name = x', 'false'], // <NA>: the check is false...
    ['k8s.ns.name != x', 'false'], // ...whatever the operator
    ['not k8s.ns.name = x', 'true'],
    ['user.uid = 0', 'true'],
    ['user.uid = 00', 'true'], // numeric field: numbers compare as numbers
    ['user.uid != 0', 'false'],
    ['user.loginuid = -1', 'true'],
    ['user.uid = root', 'unknown'], // Falco: "root is not a valid number"
    ['user.uid = 0x0', 'unknown'], // sscanf %lu does not read hex
    ['proc.tty = " 34816"', 'true'], // sscanf skips leading blanks
  ]);
});

describe('< <= > >=', () => {
  table([
    ['user.uid < 1000', 'true'],
    ['user.uid <= 0', 'true'],
    ['user.uid > 0', 'false'],
    ['proc.tty >= 34816', 'true'],
    ['user.loginuid < 0', 'true'],
    ['proc.name > 5', 'true'], // a string field: strcmp order, "c" after "5"
    ['proc.name < val(proc.cmdline)', 'true'], // "cat" is a prefix of "cat /etc/shadow"
    ['proc.name >= val(proc.exe)', 'true'],
    ['missing.field > 1', 'unknown'],
    ['k8s.ns.name > 1', 'false'],
  ]);
});

describe('contains icontains startswith endswith', () => {
  table([
    ['proc.cmdline contains shadow', 'true'],
    ['proc.cmdline contains passwd', 'false'],
    ['proc.cmdline contains ""', 'true'],
    ['proc.cmdline icontains SHADOW', 'true'],
    ['proc.cmdline icontains PASSWD', 'false'],
    ['proc.cmdline startswith "cat "', 'true'],
    ['proc.cmdline startswith shadow', 'false'],
    ['fd.name endswith shadow', 'true'],
    ['fd.name endswith /etc', 'false'],
    ['k8s.ns.name contains x', 'false'],
    ['missing.field startswith x', 'unknown'],
    ['user.uid contains 0', 'unknown'], // "'contains' operator not supported for numeric filters"
  ]);
});

describe('glob iglob', () => {
  table([
    ['fd.name glob "/etc/*"', 'true'],
    ['fd.name glob "/etc/s?adow"', 'true'],
    ['fd.name glob "/etc/[a-r]*"', 'false'],
    ['fd.name glob "/ETC/*"', 'false'],
    ['fd.name iglob "/ETC/*"', 'true'],
    ['missing.field glob "*"', 'unknown'],
    ['k8s.ns.name glob "*"', 'false'],
  ]);
});

describe('regex', () => {
  table([
    ['fd.name regex "/etc/.*"', 'true'],
    ['fd.name regex "/etc/(passwd|shadow)"', 'true'],
    ['fd.name regex etc', 'false'], // a full match, not a search
    ['fd.name regex "/etc/[[:alpha:]]+"', 'true'],
    ['fd.name regex "(?i)/ETC/.*"', 'unknown'], // RE2 POSIX mode rejects it: so would Falco
    ['missing.field regex ".*"', 'unknown'],
  ]);
});

describe('pmatch', () => {
  table([
    ['fd.name pmatch (/etc)', 'true'],
    ['fd.name pmatch (/et)', 'false'],
    ['fd.name pmatch (/usr/bin, /etc/)', 'true'],
    ['fd.name pmatch (/etc/shadow/x)', 'false'],
    ['fd.name pmatch ("/e*")', 'true'],
    ['fd.name pmatch ()', 'false'],
    ['missing.field pmatch (/etc)', 'unknown'],
  ]);
});

describe('in intersects', () => {
  table([
    ['proc.name in (cat, dog)', 'true'],
    ['proc.name in (dog)', 'false'],
    ['proc.name in ()', 'false'],
    ['proc.name in ("cat ")', 'false'],
    ['proc.name intersects (cat)', 'true'], // a single-valued field: same as in
    ['user.uid in (0, 1000)', 'true'],
    ['user.uid in (1, 2)', 'false'],
    ['user.uid in (root)', 'unknown'],
    ['missing.field in (x)', 'unknown'],
    ['k8s.ns.name in (x)', 'false'],
    ['not k8s.ns.name in (x)', 'true'],
    ['proc.name in shell_binaries', 'unknown'], // a list name the loader did not expand
  ]);
});

describe('list fields', () => {
  table([
    ['fd.types intersects (file)', 'true'],
    ['fd.types intersects (unix)', 'false'],
    ['fd.types in (file)', 'false'], // ipv4 is not in the set
    ['fd.types in (file, ipv4, unix)', 'true'],
    ['fd.types exists', 'true'],
    ['fd.types = file', 'unknown'], // only in/intersects/exists are defined on lists
  ]);

  it('an empty list is in every set (libs loops over the values)', () => {
    expect(evaluateAll('fd.types in (file)', { 'fd.types': [] })).toBe('true');
    expect(evaluateAll('fd.types intersects (file)', { 'fd.types': [] })).toBe('false');
  });

  it('numeric lists compare as numbers', () => {
    expect(evaluateAll('proc.apids in (1, 2, 3)', { 'proc.apids': [1, 3] })).toBe('true');
    expect(evaluateAll('proc.apids intersects (7)', { 'proc.apids': [1, 3] })).toBe('false');
  });
});

describe('exists', () => {
  table([
    ['proc.name exists', 'true'],
    ['k8s.ns.name exists', 'false'], // <NA> does not exist
    ['not k8s.ns.name exists', 'true'],
    ['missing.field exists', 'unknown'],
    ['user.uid exists', 'true'],
  ]);
});

describe('bcontains bstartswith (hex byte strings)', () => {
  table([
    ['evt.buffer bcontains 2f2e656e76', 'true'], // "/.env"
    ['evt.buffer bcontains 2F2E656E76', 'true'],
    ['evt.buffer bcontains cafebabe', 'false'],
    ['evt.buffer bstartswith 474554', 'true'], // "GET"
    ['evt.buffer bstartswith 2f2e', 'false'],
    ['evt.buffer bcontains 2f2e656e7', 'unknown'], // odd length: not hex bytes
    ['evt.buffer bcontains zz', 'unknown'],
  ]);
});

describe('booleans', () => {
  table([
    ['evt.is_open_write = true', 'true'],
    ['evt.is_open_write = false', 'false'],
    ['evt.is_open_write != false', 'true'],
    ['evt.is_open_write in (true)', 'true'],
    ['evt.is_open_write = yes', 'unknown'], // "unrecognized boolean value yes"
    ['evt.is_open_write contains t', 'unknown'],
  ]);

  it('accepts the value printed as a string', () => {
    expect(evaluateAll('evt.is_open_write = true', { 'evt.is_open_write': 'true' })).toBe('true');
    expect(evaluateAll('evt.is_open_write = true', { 'evt.is_open_write': 'false' })).toBe('false');
  });
});

describe('numbers printed as strings (plain-text alerts, old Falcosidekick)', () => {
  it.each([
    ['user.uid = 0', '0', 'true'],
    ['user.uid < 1000', '999', 'true'], // numerically, although "999" > "1000" as strings
    ['user.uid > 1000', '999', 'false'],
    ['user.uid in (0, 1000)', '1000', 'true'],
    ['user.uid = root', '0', 'false'], // a non-numeric operand: compared as text
  ] as const)('%s with %j → %s', (condition, value, expected) => {
    expect(evaluateAll(condition, { 'user.uid': value })).toBe(expected);
  });
});

describe('modifiers (Falco 0.44)', () => {
  table([
    ['proc.name startswith anyof (ca, do)', 'true'],
    ['proc.name startswith anyof (do, co)', 'false'],
    ['proc.name startswith allof (c, ca)', 'true'],
    ['proc.name startswith allof (c, d)', 'false'],
    ['proc.name startswith oneof (c, d)', 'true'],
    ['proc.name startswith oneof (c, ca)', 'false'], // two match: not exactly one
    ['proc.name = oneof (cat, cat)', 'false'], // a repeated item counts twice
    ['proc.name = anyof (dog, cat)', 'true'],
    ['proc.name != allof (dog, cow)', 'true'],
    ['proc.name != allof (dog, cat)', 'false'],
    ['proc.name contains allof (a, t)', 'true'],
    ['proc.cmdline icontains anyof (SHADOW, PASSWD)', 'true'],
    ['fd.name glob anyof ("/usr/*", "/etc/*")', 'true'],
    ['fd.name regex anyof ("/etc/.*", x)', 'true'],
    ['fd.name endswith oneof (dow, adow, x)', 'false'],
    ['missing.field startswith anyof (a)', 'unknown'],
    ['k8s.ns.name startswith anyof (a)', 'false'],
  ]);
});

describe('val() on the right-hand side', () => {
  table([
    ['proc.name = val(proc.exe)', 'true'],
    ['proc.name != val(proc.exe)', 'false'],
    ['proc.cmdline contains val(proc.name)', 'true'],
    ['fd.name startswith val(fd.directory)', 'true'],
    ['proc.name = val(missing.field)', 'unknown'],
    ['proc.name = val(k8s.ns.name)', 'false'], // the right-hand side failed extraction
    ['user.uid = val(proc.name)', 'unknown'], // incompatible types: Falco refuses the check
    ['proc.name in val(fd.types)', 'unknown'], // list against non-list
    ['fd.name pmatch val(fd.directory)', 'unknown'], // pmatch does not take fields
    ['proc.name = tolower(proc.exe)', 'true'], // a transformer on the right-hand side
    ['proc.name = toupper(proc.exe)', 'false'],
  ]);
});
