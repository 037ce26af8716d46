/**
 * Proof that the rendered YAML says what the change means: parse it back with a YAML reader and compare every value
 * with the intended one. A mismatch is a bug in the writer, never something to ship.
 */
import { parse } from 'yaml';
import type { RulesChange } from './types.js';

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function sameStrings(actual: unknown, expected: readonly string[]): boolean {
  return (
    Array.isArray(actual) &&
    actual.length === expected.length &&
    actual.every((item, index) => typeof item === 'string' && item === expected[index])
  );
}

/** True when `yaml` (one item) reads back as `change`. */
export function readsBackAs(yaml: string, change: RulesChange): boolean {
  let doc: unknown;
  try {
    doc = parse(yaml);
  } catch {
    return false;
  }
  if (!Array.isArray(doc) || doc.length !== 1) return false;
  const item = record(doc[0]);
  if (item === undefined) return false;
  switch (change.kind) {
    case 'exception': {
      if (item.rule !== change.rule || !Array.isArray(item.exceptions) || item.exceptions.length !== 1)
        return false;
      const exception = record(item.exceptions[0]);
      if (exception?.name !== change.name) return false;
      if (
        !change.exists &&
        !(sameStrings(exception.fields, change.fields) && sameStrings(exception.comps, change.comps))
      )
        return false;
      const values = exception.values;
      return Array.isArray(values) && values.length === 1 && sameStrings(values[0], change.row);
    }
    case 'list':
      return item.list === change.list && sameStrings(item.items, change.items);
    case 'macro':
      return item.macro === change.macro && item.condition === change.condition;
    case 'condition':
      return item.rule === change.rule && item.condition === change.condition;
  }
}
