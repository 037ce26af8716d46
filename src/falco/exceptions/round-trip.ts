/**
 * Proof that the rendered YAML says what the change means: parse it back with a YAML reader and compare every value
 * with the intended one. A mismatch is a bug in the writer, never something to ship.
 */
import { parse } from 'yaml';
import type { RulesChange } from './types.js';
import { yamlScalar } from './yaml-scalar.js';

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

/** Scalars that no YAML reader can misread, written plain: nothing to prove. */
const TRIVIAL = /^[A-Za-z_/][A-Za-z0-9_./-]*$/;
const TRIVIAL_EXCLUDED = /^(?:y|n|yes|no|on|off|true|false|null)$/i;
const proven = new Map<string, boolean>();
const MAX_PROVEN = 10_000;

/** Whether `text`, written by yamlScalar in a flow sequence or as a block value, reads back as itself. */
function scalarReadsBack(text: string, flow: boolean): boolean {
  if (TRIVIAL.test(text) && !TRIVIAL_EXCLUDED.test(text)) return true;
  const key = `${flow ? 'f' : 'b'}${text}`;
  const known = proven.get(key);
  if (known !== undefined) return known;
  let result: boolean;
  try {
    const doc: unknown = parse(flow ? `v: [${yamlScalar(text, true)}, x]` : `v: ${yamlScalar(text)}`);
    const value = record(doc)?.v;
    result = flow ? Array.isArray(value) && value[0] === text && value.length === 2 : value === text;
  } catch {
    result = false;
  }
  if (proven.size >= MAX_PROVEN) proven.clear();
  proven.set(key, result);
  return result;
}

/**
 * The same proof as {@link readsBackAs}, scalar by scalar (the layout around them is fixed and tested), with
 * results remembered: suggestions for one alert render the same values many times.
 */
export function scalarsReadBack(change: RulesChange): boolean {
  switch (change.kind) {
    case 'exception':
      return (
        scalarReadsBack(change.rule, false) &&
        scalarReadsBack(change.name, false) &&
        [...change.fields, ...change.comps, ...change.row].every((text) => scalarReadsBack(text, true))
      );
    case 'list':
      return scalarReadsBack(change.list, false) && change.items.every((text) => scalarReadsBack(text, true));
    case 'macro':
      return scalarReadsBack(change.macro, false) && scalarReadsBack(change.condition, false);
    case 'condition':
      return scalarReadsBack(change.rule, false) && scalarReadsBack(change.condition, false);
  }
}
