import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Expr } from '../../../../src/falco/condition/ast.js';
import { parseCondition } from '../../../../src/falco/condition/parser.js';
import {
  compileCondition,
  evaluateCondition,
  traceCondition,
  type EvalOptions,
  type FieldValues,
  type Truth,
} from '../../../../src/falco/eval/index.js';

/** The shared fixtures beside the project, read in place. */
export const SHARED = path.resolve(import.meta.dirname, '../../../../../shared');

export function readShared(relative: string): string {
  return readFileSync(path.join(SHARED, relative), 'utf8');
}

export function alertFields(file: string): FieldValues {
  const alert = JSON.parse(readShared(`fixtures/alerts/json/${file}`)) as { output_fields: FieldValues };
  return alert.output_fields;
}

export function parse(text: string): Expr {
  const parsed = parseCondition(text);
  if (!parsed.ok) throw new Error(`${JSON.stringify(text)}: ${parsed.error.message} @${parsed.error.offset}`);
  return parsed.value;
}

/**
 * Evaluates with the interpreter, the compiled form and the tracer, and fails unless all three agree: every table
 * test therefore checks the three forms at once.
 */
export function evaluateAll(condition: string | Expr, fields: FieldValues, options: EvalOptions = {}): Truth {
  const expr = typeof condition === 'string' ? parse(condition) : condition;
  const interpreted = evaluateCondition(expr, fields, options);
  const compiled = compileCondition(expr, options)(fields);
  const traced = traceCondition(expr, fields, options).result;
  if (interpreted !== compiled || interpreted !== traced) {
    throw new Error(`forms disagree: interpreted ${interpreted}, compiled ${compiled}, traced ${traced}`);
  }
  return interpreted;
}
