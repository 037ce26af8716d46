/**
 * Checks on an exception's `fields` and `comps`, and their defaults, as Falco's collector does them
 * (`validate_exception_info` in `rule_loader_collector.cpp`, `rule_loader_cmpop.h` for 0.44's modifiers).
 */
import type { ExceptionEntry, SourcePosition } from './model.js';
import { MSG } from './messages.js';
import { ItemFailure } from './yaml-access.js';
import type { LoaderFeatures } from './version-gates.js';

/** An exception while loading: entries may still be missing (`undefined` = yaml-cpp's invalid entry). */
export interface ExceptionInfo {
  readonly name: string;
  fields: ExceptionEntry | undefined;
  comps: ExceptionEntry | undefined;
  values: ExceptionEntry[];
  /** Offset of the exception's map in the file being read, and its position. */
  readonly offset: number;
  readonly at: SourcePosition;
}

/** libs `parser::supported_operators()`. */
const OPERATORS = new Set([
  '==',
  '=',
  '!=',
  '<=',
  '>=',
  '<',
  '>',
  'contains',
  'icontains',
  'bcontains',
  'glob',
  'iglob',
  'bstartswith',
  'startswith',
  'endswith',
  'in',
  'intersects',
  'pmatch',
  'exists',
  'regex',
]);

/** Operators that take a list on the right: `parser::supported_operators(true)`. */
const LIST_OPERATORS = new Set(['in', 'intersects', 'pmatch']);

/** String operators that accept a modifier (`startswith oneof`) since 0.44. */
const MODIFIABLE = new Set([
  '==',
  '=',
  '!=',
  'contains',
  'icontains',
  'bcontains',
  'glob',
  'iglob',
  'bstartswith',
  'startswith',
  'endswith',
  'regex',
]);
const MODIFIERS = new Set(['oneof', 'anyof', 'allof']);

/** True for `entry`'s that yaml-cpp would consider valid: a non-empty string or a non-empty list. */
export function isValidEntry(entry: ExceptionEntry | undefined): entry is ExceptionEntry {
  if (entry === undefined) return false;
  return entry.kind === 'list' ? entry.items.length > 0 : entry.item !== '';
}

function isModifierOperator(op: string): boolean {
  const parts = op.split(' ');
  return parts.length === 2 && MODIFIABLE.has(parts[0] ?? '') && MODIFIERS.has(parts[1] ?? '');
}

export function isSupportedComparison(op: string, features: LoaderFeatures): boolean {
  return OPERATORS.has(op) || (features.comparisonModifiers && isModifierOperator(op));
}

/** An operator whose right side is a list, so a bare value gets parenthesised. */
export function isListComparison(op: string): boolean {
  return LIST_OPERATORS.has(op) || isModifierOperator(op);
}

function normalizeComp(entry: ExceptionEntry, features: LoaderFeatures): ExceptionEntry {
  if (!features.comparisonModifiers || entry.kind !== 'item') return entry;
  return { kind: 'item', item: entry.item.trim().split(/\s+/).join(' ') };
}

/**
 * Fills in default comps and rejects what Falco rejects. `isField` is the field catalog's check; without one,
 * fields are not checked (Falco checks them against the loaded sources).
 */
export function validateException(
  ex: ExceptionInfo,
  features: LoaderFeatures,
  isField: ((name: string) => boolean) | undefined,
): void {
  const fields = ex.fields;
  if (fields?.kind === 'list') {
    if (!isValidEntry(ex.comps))
      ex.comps = { kind: 'list', items: fields.items.map(() => ({ kind: 'item', item: '=' })) };
    const comps = ex.comps;
    const compItems = comps.kind === 'list' ? comps.items.map((c) => normalizeComp(c, features)) : [];
    if (comps.kind === 'list') ex.comps = { kind: 'list', items: compItems };
    if (fields.items.length !== compItems.length)
      throw new ItemFailure(MSG.fieldsCompsLength, ex.offset, 'LOAD_ERR_VALIDATE');
    for (const comp of compItems) {
      const op = comp.kind === 'item' ? comp.item : '';
      if (!isSupportedComparison(op, features))
        throw new ItemFailure(MSG.unsupportedOperator(op), ex.offset, 'LOAD_ERR_VALIDATE');
    }
    if (isField !== undefined)
      for (const field of fields.items) {
        const name = field.kind === 'item' ? field.item : '';
        if (!isField(name)) throw new ItemFailure(MSG.unsupportedField(name), ex.offset, 'LOAD_ERR_VALIDATE');
      }
    return;
  }
  if (!isValidEntry(ex.comps)) ex.comps = { kind: 'item', item: 'in' };
  const comps = normalizeComp(ex.comps, features);
  ex.comps = comps;
  if (comps.kind === 'list') throw new ItemFailure(MSG.fieldsCompsStrings, ex.offset, 'LOAD_ERR_VALIDATE');
  const allowed =
    LIST_OPERATORS.has(comps.item) || (features.comparisonModifiers && isModifierOperator(comps.item));
  if (!allowed)
    throw new ItemFailure(
      features.comparisonModifiers ? MSG.singleFieldCompsModifiers : MSG.singleFieldComps,
      ex.offset,
      'LOAD_ERR_VALIDATE',
    );
  const name = fields?.kind === 'item' ? fields.item : '';
  if (isField !== undefined && !isField(name))
    throw new ItemFailure(MSG.unsupportedField(name), ex.offset, 'LOAD_ERR_VALIDATE');
}
