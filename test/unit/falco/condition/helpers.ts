import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Expr } from '../../../../src/falco/condition/ast.js';
import { parseCondition, type ParseConditionOptions } from '../../../../src/falco/condition/parser.js';

/** The shared fixtures beside the project (../shared/fixtures), read in place, never copied. */
export const FIXTURES = path.resolve(process.cwd(), '../shared/fixtures');

export function readFixture(relative: string): string {
  return readFileSync(path.join(FIXTURES, relative), 'utf8');
}

export function readJsonFixture<T>(relative: string): T {
  return JSON.parse(readFixture(relative)) as T;
}

/** One case of conformance/parser_cases.json (and, with a `stage` of "compile", of compile_cases.json). */
export interface ConformanceCase {
  readonly expr: string;
  readonly test_helper: string;
  readonly valid: boolean;
  readonly ast?: string;
  readonly parse_error?: string;
  readonly error?: string;
  readonly parses_by_libs_version: Readonly<Record<string, boolean>>;
}

export interface RuleCondition {
  readonly file: string;
  readonly kind: 'macro' | 'rule';
  readonly name: string;
  readonly condition: string;
  readonly append: boolean;
  readonly parses: boolean;
}

/** Parses or fails the test with libs' message, for tests about what comes after parsing. */
export function mustParse(text: string, options?: ParseConditionOptions): Expr {
  const parsed = parseCondition(text, options);
  if (!parsed.ok) throw new Error(`${JSON.stringify(text)}: ${parsed.error.message} @${parsed.error.offset}`);
  return parsed.value;
}
