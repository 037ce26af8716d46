/**
 * Checks on an exception's `fields` and `comps`, and their defaults, as Falco's collector does them
 * (`validate_exception_info` in `rule_loader_collector.cpp`, `rule_loader_cmpop.h` for 0.44's modifiers; before
 * 0.33 `validate_exception_item_*` in the Lua loader and `validate_exception_info` in 0.32's `rule_loader.cpp`).
 */
import type { ExceptionEntry, SourcePosition } from './model.js';
import { LEGACY_MSG, usesLegacyWords } from './legacy-messages.js';
import { MSG } from './messages.js';
import { supports } from '../version.js';
import { ItemFailure } from './yaml-access.js';
import type { LoaderFeatures } from './version-gates.js';

/** An exception while loading: entries may still be missing (`undefined` = yaml-cpp's invalid entry). */
export interface ExceptionInfo {
  readonly name: string;
  fields: ExceptionEntry | undefined;
  comps: ExceptionEntry | undefined;
  values: ExceptionEntry[];
  /** Whether the item had a `values` key (the Lua loader tells a missing one from an empty one). */
  readonly valuesGiven: boolean;
  /** Offset of the exception's map in the file being read, and its position. */
  readonly offset: number;
  readonly at: SourcePosition;
}

/** libs `parser::supported_operators()` (0.32 on), less the operators newer releases added (below). */
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
  'bstartswith',
  'startswith',
  'endswith',
  'in',
  'intersects',
  'pmatch',
  'exists',
]);

/** The Lua loader's `defined_comp_operators` (0.28.0 to 0.31.1 `rule_loader.lua`). */
const LUA_OPERATORS = new Set([
  '=',
  '==',
  '!=',
  '<=',
  '>=',
  '<',
  '>',
  'contains',
  'icontains',
  'glob',
  'startswith',
  'endswith',
  'in',
  'intersects',
  'pmatch',
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
  if (features.generation === 'lua') return LUA_OPERATORS.has(op);
  if (op === 'iglob') return supports(features.version, 'iglob');
  if (op === 'regex') return supports(features.version, 'regex');
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

/** A rejected exception (`LOAD_ERR_VALIDATE`, at the exception). */
function reject(ex: ExceptionInfo, message: string): never {
  throw new ItemFailure(message, ex.offset, 'LOAD_ERR_VALIDATE');
}

function itemText(entry: ExceptionEntry | undefined): string {
  return entry?.kind === 'item' ? entry.item : '';
}

/**
 * Fills in default comps and rejects what Falco rejects. `isField` is the field catalog's check; without one,
 * fields are not checked (Falco checks them against the loaded sources).
 *
 * Before 0.33 (Lua 0.28 to 0.31, C++ 0.32) each message names the exception, the Lua loader checks fields before
 * operators (0.32 the other way round), and a single field accepts any operator; 0.33 added the list-operator rule.
 */
export function validateException(
  ex: ExceptionInfo,
  features: LoaderFeatures,
  isField: ((name: string) => boolean) | undefined,
): void {
  if (usesLegacyWords(features.wording)) {
    validateLegacy(ex, features, isField);
    return;
  }
  const fields = ex.fields;
  if (fields?.kind === 'list') {
    if (!isValidEntry(ex.comps))
      ex.comps = { kind: 'list', items: fields.items.map(() => ({ kind: 'item', item: '=' })) };
    const comps = ex.comps;
    const compItems = comps.kind === 'list' ? comps.items.map((c) => normalizeComp(c, features)) : [];
    if (comps.kind === 'list') ex.comps = { kind: 'list', items: compItems };
    if (fields.items.length !== compItems.length) reject(ex, MSG.fieldsCompsLength);
    for (const comp of compItems) {
      const op = itemText(comp);
      if (!isSupportedComparison(op, features)) reject(ex, MSG.unsupportedOperator(op));
    }
    if (isField !== undefined)
      for (const field of fields.items) {
        const name = itemText(field);
        if (!isField(name)) reject(ex, MSG.unsupportedField(name));
      }
    return;
  }
  if (!isValidEntry(ex.comps)) ex.comps = { kind: 'item', item: 'in' };
  const comps = normalizeComp(ex.comps, features);
  ex.comps = comps;
  if (comps.kind === 'list') reject(ex, MSG.fieldsCompsStrings);
  const allowed =
    LIST_OPERATORS.has(comps.item) || (features.comparisonModifiers && isModifierOperator(comps.item));
  if (!allowed)
    reject(ex, features.comparisonModifiers ? MSG.singleFieldCompsModifiers : MSG.singleFieldComps);
  const name = itemText(fields);
  if (isField !== undefined && !isField(name)) reject(ex, MSG.unsupportedField(name));
}

/** 0.28.0 `rule_loader.lua` `validate_exception_item_*`, 0.32.0 `rule_loader.cpp` `validate_exception_info`. */
function validateLegacy(
  ex: ExceptionInfo,
  features: LoaderFeatures,
  isField: ((name: string) => boolean) | undefined,
): void {
  const lua = features.generation === 'lua';
  const checkFields = (names: readonly string[]): void => {
    if (isField === undefined) return;
    for (const name of names) if (!isField(name)) reject(ex, LEGACY_MSG.unsupportedField(ex.name, name));
  };
  const checkOperators = (ops: readonly string[]): void => {
    for (const op of ops)
      if (!isSupportedComparison(op, features)) reject(ex, LEGACY_MSG.unsupportedOperator(ex.name, op));
  };
  const fields = ex.fields;
  if (fields?.kind === 'list') {
    if (!isValidEntry(ex.comps))
      ex.comps = { kind: 'list', items: fields.items.map(() => ({ kind: 'item', item: '=' })) };
    const compItems = ex.comps.kind === 'list' ? ex.comps.items : [];
    if (fields.items.length !== compItems.length) reject(ex, LEGACY_MSG.fieldsCompsLength(ex.name));
    const names = fields.items.map(itemText);
    const ops = compItems.map(itemText);
    if (lua) {
      checkFields(names);
      checkOperators(ops);
    } else {
      checkOperators(ops);
      checkFields(names);
    }
    return;
  }
  if (!isValidEntry(ex.comps)) ex.comps = { kind: 'item', item: 'in' };
  if (ex.comps.kind === 'list') reject(ex, LEGACY_MSG.fieldsCompsStrings(ex.name));
  const op = ex.comps.item;
  if (lua) {
    checkFields([itemText(fields)]);
    checkOperators([op]);
  } else {
    checkOperators([op]);
    checkFields([itemText(fields)]);
  }
}
