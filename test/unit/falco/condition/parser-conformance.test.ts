/**
 * libs' own filter-parser unit tests (conformance/parser_cases.json, re-checked against the real libs parser):
 * acceptance, canonical form, error wording and offset, and acceptance per Falco version.
 */
import { describe, expect, it } from '@jest/globals';
import { mustParse, readJsonFixture, type ConformanceCase } from './helpers.js';
import { parseCondition } from '../../../../src/falco/condition/parser.js';
import { printCondition } from '../../../../src/falco/condition/printer.js';
import { falcoVersion } from '../../../../src/falco/version.js';

const cases = readJsonFixture<ConformanceCase[]>('conformance/parser_cases.json');
const valid = cases.filter((c) => c.valid);
const invalid = cases.filter((c) => !c.valid);

function expectedError(c: ConformanceCase): { message: string; offset: number } {
  const match = /^(.*) @(\d+)$/s.exec(c.parse_error ?? '');
  if (match === null) throw new Error(`case without "message @offset": ${c.expr}`);
  return { message: match[1] ?? '', offset: Number(match[2]) };
}

describe('parser_cases.json', () => {
  it('has the cases the reference describes', () => {
    expect(cases).toHaveLength(551);
    expect(valid).toHaveLength(359);
  });

  it.each(valid.map((c) => [c.expr, c.ast] as const))('accepts %j as %j', (expr, ast) => {
    const parsed = parseCondition(expr);
    if (!parsed.ok) throw new Error(`rejected: ${parsed.error.message} @${parsed.error.offset}`);
    expect(printCondition(parsed.value)).toBe(ast);
  });

  it.each(invalid.map((c) => [c.expr] as const))('rejects %j', (expr) => {
    expect(parseCondition(expr).ok).toBe(false);
  });

  it('reports libs’ message and offset on every invalid case (threshold 90%)', () => {
    const misses: string[] = [];
    for (const c of invalid) {
      const parsed = parseCondition(c.expr);
      const expected = expectedError(c);
      if (parsed.ok || parsed.error.offset !== expected.offset || parsed.error.message !== expected.message) {
        misses.push(`${JSON.stringify(c.expr)}: got ${JSON.stringify(parsed)}, want ${c.parse_error}`);
      }
    }
    if (misses.length > 0) console.log(`error message/offset misses:\n${misses.join('\n')}`);
    expect(invalid.length - misses.length).toBeGreaterThanOrEqual(Math.ceil(invalid.length * 0.9));
    // What we reach today; a regression below this should be looked at, not absorbed by the threshold.
    expect(misses).toEqual([]);
  });

  it('accepts per Falco version as the libs release bundled with it did (threshold 98%)', () => {
    let pairs = 0;
    const misses: string[] = [];
    for (const c of cases) {
      for (const [label, accepted] of Object.entries(c.parses_by_libs_version)) {
        const match = /\(Falco (\d+)\.(\d+)\)/.exec(label);
        if (match === null) throw new Error(`unexpected version label ${label}`);
        const version = falcoVersion(Number(match[1]), Number(match[2]));
        pairs++;
        if (parseCondition(c.expr, { version }).ok !== accepted)
          misses.push(`${label}: ${JSON.stringify(c.expr)}`);
      }
    }
    if (misses.length > 0) console.log(`version misses:\n${misses.join('\n')}`);
    expect(pairs).toBe(551 * 6);
    expect(pairs - misses.length).toBeGreaterThanOrEqual(Math.ceil(pairs * 0.98));
    expect(misses).toEqual([]);
  });

  // libs' test_accept re-parses each case with blanks around it and its spaces turned into line breaks, then
  // tabs. The one case libs accepts with `out_pos` set (and so without the variations) is skipped likewise:
  // its `\ ` escape turns into `\<newline>`, which is not an escape.
  const blankVariants = valid.filter((c) => c.test_helper === 'test_accept' && !c.expr.includes('\\ '));
  it.each(blankVariants.map((c) => [c.expr] as const))('accepts %j with other blanks', (expr) => {
    const padded = ` ${expr} `;
    const withNewlines = padded.replaceAll(' ', '\n');
    const withTabs = withNewlines.replaceAll('\n', '\t');
    const canonical = printCondition(mustParse(expr));
    for (const variant of [padded, withNewlines, withTabs, `\r\n${expr}\t`]) {
      const parsed = parseCondition(variant);
      if (!parsed.ok) throw new Error(`${JSON.stringify(variant)}: ${parsed.error.message}`);
      if (!/["']/.test(expr)) expect(printCondition(parsed.value)).toBe(canonical);
    }
  });

  it('accepts every valid case with its spaces turned into newlines or tabs, whatever its helper', () => {
    const failures = valid
      .filter((c) => !c.expr.includes('\\ '))
      .flatMap((c) => [c.expr.replaceAll(' ', '\n'), c.expr.replaceAll(' ', '\t')])
      .filter((variant) => !parseCondition(variant).ok);
    expect(failures).toEqual([]);
  });
});
