/** The compiler-level check against a field catalog (conformance/compile_cases.json and targeted cases). */
import { describe, expect, it } from '@jest/globals';
import {
  mustParse,
  readFixture,
  readJsonFixture,
  type ConformanceCase,
  type RuleCondition,
} from './helpers.js';
import { checkCondition } from '../../../../src/falco/condition/check.js';
import { parseCondition } from '../../../../src/falco/condition/parser.js';
import { fieldCatalog, parseFieldCatalog, type FieldCatalog } from '../../../../src/falco/fields/catalog.js';
import { falcoVersion } from '../../../../src/falco/version.js';

function catalogOf(text: string): FieldCatalog {
  const parsed = parseFieldCatalog(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

const fields = catalogOf(readFixture('falco/fields.json'));

/**
 * libs' filter_compiler.ut.cpp compiles against a mock filtercheck that knows c.true, c.false, c.doublequote and
 * c.singlequote (default type PT_CHARBUF) and c.buffer (PT_BYTEBUF); modelled here, not in the product.
 */
const withTestFields = fieldCatalog([
  ...[...fields.names()].map((name) => fields.get(name) ?? { name }),
  ...['c.true', 'c.false', 'c.doublequote', 'c.singlequote'].map((name) => ({
    name,
    arg: 'none' as const,
    type: 'PT_CHARBUF',
  })),
  { name: 'c.buffer', arg: 'none' as const, type: 'PT_BYTEBUF' },
]);

const errorsOf = (text: string, catalog: FieldCatalog = fields): string[] =>
  checkCondition(mustParse(text), catalog)
    .filter((problem) => problem.severity === 'error')
    .map((problem) => problem.message);

describe('compile_cases.json', () => {
  const cases = readJsonFixture<ConformanceCase[]>('conformance/compile_cases.json');

  it('agrees with libs’ compiler on valid/invalid (threshold 90%)', () => {
    const misses: string[] = [];
    for (const c of cases) {
      const parsed = parseCondition(c.expr);
      const errors = parsed.ok ? errorsOf(c.expr, withTestFields) : [parsed.error.message];
      if ((errors.length === 0) !== c.valid)
        misses.push(`${JSON.stringify(c.expr)} valid=${c.valid}: ${errors.join('; ')}`);
    }
    if (misses.length > 0) console.log(`compile case misses:\n${misses.join('\n')}`);
    expect(cases).toHaveLength(326);
    expect(cases.length - misses.length).toBeGreaterThanOrEqual(Math.ceil(cases.length * 0.9));
    expect(misses).toEqual([]);
  });

  it('uses libs’ messages where the cases give them', () => {
    for (const c of cases.filter((c) => c.error !== undefined)) {
      expect(errorsOf(c.expr, withTestFields)).toEqual([c.error]);
    }
  });
});

describe('checkCondition', () => {
  it('points at the unknown field with libs’ message', () => {
    const problems = checkCondition(mustParse('proc.name = cat and proc.nmae = dog'), fields);
    expect(problems).toEqual([
      {
        severity: 'error',
        code: 'unknown-field',
        message: 'filter error: filter_check called with nonexistent field proc.nmae',
        span: { start: 20, end: 29 },
      },
    ]);
  });

  it('checks field arguments', () => {
    expect(errorsOf('evt.arg exists')).toEqual([
      "filter error: filter 'evt.arg': evt.arg requires an argument but none provided",
    ]);
    expect(errorsOf('proc.name[1] = x')).toHaveLength(1);
    expect(
      errorsOf('evt.arg[fd] = 3 and evt.arg.fd = 3 and k8s.pod.label.app = web and proc.aname[2] = sh'),
    ).toEqual([]);
  });

  it('checks operators and constants against the type, after transformers', () => {
    expect(errorsOf('evt.rawtime contains 1')).toEqual([
      "filter error: 'contains' operator not supported for numeric filters",
    ]);
    expect(errorsOf('proc.pid = abc')).toEqual([
      "filter error: 'abc' is not a valid PT_INT64 value for field 'proc.pid'",
    ]);
    expect(errorsOf('proc.pid in (1, 2, x)')).toHaveLength(1);
    expect(errorsOf('len(proc.name) > 3 and len(proc.args) >= 1')).toEqual([]);
    expect(errorsOf('len(proc.name) contains 3')).toEqual([
      "filter error: 'contains' operator not supported for numeric filters",
    ]);
    expect(errorsOf('len(proc.name) = x')).toEqual([
      "filter error: 'x' is not a valid PT_UINT64 value for field 'len(...)'",
    ]);
    expect(errorsOf('fd.types in (file) and fd.types = file')).toEqual([
      "filter error: '=' operator not supported list filters",
    ]);
  });

  it('applies the transformers’ type rules', () => {
    expect(errorsOf('tolower(proc.pid) = 1')).toEqual([
      "filter error: field type 'PT_INT64' is not supported by 'tolower' transformer",
    ]);
    expect(errorsOf('b64(evt.buffer) = x and toupper(basename(proc.exepath)) = BASH')).toEqual([]);
    expect(errorsOf('tolower(proc.aname) = x')).toEqual([
      "filter error: field 'proc.aname' does not support transformers",
    ]);
    expect(errorsOf('tolower(proc.name, proc.exe) = x')).toHaveLength(1);
    expect(errorsOf('join("-", (proc.name, proc.pid)) = a-1 and concat(proc.name, "x") = bashx')).toEqual([]);
    expect(
      errorsOf('getopt(proc.args, "nt:")[t] = 5 and getopt(proc.args, "nt:") intersects (n, t)'),
    ).toEqual([]);
    expect(errorsOf('toupper(fd.name)[x] = foo')).toEqual([
      "filter error: transformer 'toupper' does not support field arguments",
    ]);
  });

  it('compares field types on both sides and keeps right-hand-only rules', () => {
    expect(errorsOf('proc.name = val(proc.exe) and proc.pid = val(proc.ppid)')).toEqual([]);
    expect(errorsOf('proc.name = val(proc.pid)')).toEqual([
      "filter error: can not compare a field of type 'PT_CHARBUF' with a field of type 'PT_INT64'",
    ]);
    expect(errorsOf('proc.name = val(proc.aname)')).toEqual([
      "filter error: field 'proc.aname' can not be used on the right-hand side of a comparison",
    ]);
  });

  it('rejects hex-less b-operators, bad regexes and leftover macros', () => {
    expect(errorsOf('evt.buffer bcontains xyz')).toEqual([
      'filter error: bcontains and bstartswith operator support hex strings only',
    ]);
    expect(errorsOf('proc.name regex "(unclosed"')[0]).toMatch(
      /^filter error: invalid regular expression '\(unclosed'/,
    );
    expect(errorsOf('spawned_process and proc.name = x')).toEqual([
      "filter error: unexpected identifier 'spawned_process'",
    ]);
    expect(checkCondition(mustParse('spawned_process'), fields, { unresolvedReferences: true })).toEqual([]);
  });

  it('gives the compiler’s warnings from Falco 0.38, and deprecations from 0.42', () => {
    const warnings = (text: string, minor = 44) =>
      checkCondition(mustParse(text), fields, { version: falcoVersion(0, minor) })
        .filter((problem) => problem.severity === 'warning')
        .map((problem) => problem.message);
    expect(warnings('proc.name = proc.pname')).toEqual([
      "'proc.pname' may be a valid field misused as a const string value",
    ]);
    expect(warnings('proc.name = "toupper( proc.pname)"')).toEqual([
      "'toupper( proc.pname)' may be a valid field transformer misused as a const string value",
    ]);
    expect(warnings('proc.name regex "^bash$"')).toEqual([
      "regex check with '^bash$' may be optimized with simpler operators such as '=', 'contains', 'startswith', 'endswith'",
    ]);
    expect(warnings('proc.name regex "ba(sh|zsh)"')).toEqual([]);
    expect(warnings('proc.name = proc.pname', 37)).toEqual([]);
    expect(warnings('evt.dir = "<"')).toEqual(["usage of deprecated field 'evt.dir' has been detected"]);
    expect(warnings('evt.dir = "<"', 41)).toEqual([]);
  });

  it('finds no errors in the real rules files’ conditions (macros and lists unresolved)', () => {
    const conditions = readJsonFixture<RuleCondition[]>('conformance/rule_conditions.json');
    const catalogs = [fields, catalogOf(readFixture('falco/fields.txt'))];
    for (const catalog of catalogs) {
      const errors = conditions.flatMap((c) =>
        checkCondition(mustParse(c.condition), catalog, { unresolvedReferences: true })
          .filter((problem) => problem.severity === 'error')
          .map((problem) => `${c.file} ${c.name}: ${problem.message}`),
      );
      expect(errors).toEqual([]);
    }
  });
});
