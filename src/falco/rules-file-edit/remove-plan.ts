/**
 * Plans the removal of one change from a rules text (a plain rules file, or one Helm `customRules` entry): the
 * inverse of `planTextEdit`. Only what the change added goes:
 * - `exception`: its values row; the whole item when the row was the item's only content (as the bot writes it),
 *   the exception entry when the rule item has other exceptions; other rows of the same named exception stay;
 * - `list`: its items, from an `append` (or `override: items: append`) item of the list; the item when empty;
 * - `macro` / `condition`: its `or (...)` / `and not (...)` part of an appending item; the item when that was all.
 * When several places match, the one under the annotation comment wins, then the last one.
 */
import { isMap, isScalar, isSeq, parseAllDocuments, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { err, ok, type Result } from '../../result.js';
import type { RulesChange } from '../exceptions/index.js';
import { yamlScalar } from '../exceptions/index.js';
import type { EditProblem } from './rules-text-edit.js';
import {
  annotated,
  removeBlockElement,
  removeFlowElements,
  removeItem,
  type Replacement,
} from './remove-spans.js';

export type RemoveAction =
  | 'removed-item'
  | 'removed-values-row'
  | 'removed-exception'
  | 'removed-list-items'
  | 'removed-condition-part';

/** Why a removal cannot be made: the edit problems, or the change is not in the file, or not removable safely. */
export interface RemoveProblem {
  readonly code: EditProblem['code'] | 'not_found' | 'not_removable';
  readonly message: string;
}

export interface RemovalPlan {
  readonly replacements: readonly Replacement[];
  readonly action: RemoveAction;
}

const OPTIONS = { schema: 'failsafe', uniqueKeys: false, strict: false, prettyErrors: false } as const;

function get(map: YAMLMap, key: string): Node | undefined {
  const pair = map.items.find((item) => isScalar(item.key) && item.key.value === key);
  const value: unknown = pair?.value;
  return value === null || value === undefined ? undefined : (value as Node);
}

function text(node: Node | undefined): string | undefined {
  return node !== undefined && isScalar(node) ? String(node.value) : undefined;
}

/** A node as plain data: strings and arrays of them. */
function plain(node: unknown): unknown {
  if (isScalar(node)) return String(node.value);
  if (isSeq(node)) return node.items.map(plain);
  return undefined;
}

function keys(map: YAMLMap): string[] {
  return map.items.map((item) => (isScalar(item.key) ? String(item.key.value) : ''));
}

function onlyKeys(map: YAMLMap, allowed: readonly string[]): boolean {
  return keys(map).every((key) => allowed.includes(key));
}

/** No `override`, or one that only appends `key`. */
function overrideOnly(item: YAMLMap, key: string): boolean {
  const override = get(item, 'override');
  if (override === undefined) return true;
  return isMap(override) && onlyKeys(override, [key]) && text(get(override, key)) === 'append';
}

function appends(item: YAMLMap, key: string): boolean {
  if (text(get(item, 'append')) === 'true') return true;
  const override = get(item, 'override');
  return override !== undefined && isMap(override) && text(get(override, key)) === 'append';
}

function readItems(source: string): Result<YAMLMap[], RemoveProblem> {
  const out: YAMLMap[] = [];
  for (const doc of parseAllDocuments(source, OPTIONS)) {
    if (!('contents' in doc)) continue;
    if (doc.errors.length > 0)
      return err({ code: 'file_unusable', message: `not valid YAML: ${doc.errors[0]?.message ?? ''}` });
    if (doc.contents === null) continue;
    if (!isSeq(doc.contents)) return err({ code: 'file_unusable', message: 'not a list of rules items' });
    for (const item of doc.contents.items) if (isMap(item)) out.push(item);
  }
  return ok(out);
}

/** The annotated candidate, else the last one. */
function pick<T>(
  source: string,
  found: readonly T[],
  at: (c: T) => Node,
  annotation?: string,
): T | undefined {
  return found.filter((c) => annotated(source, at(c), annotation)).pop() ?? found[found.length - 1];
}

function notFound(change: RulesChange): Result<never, RemoveProblem> {
  const what =
    change.kind === 'exception'
      ? `values row ${JSON.stringify(change.row)} in exception "${change.name}" of rule "${change.rule}"`
      : change.kind === 'list'
        ? `appended item(s) ${JSON.stringify(change.items)} of list "${change.list}"`
        : change.kind === 'macro'
          ? `"${change.condition}" appended to macro "${change.macro}"`
          : `"${change.condition}" appended to the condition of rule "${change.rule}"`;
  return err({ code: 'not_found', message: `the file has no ${what}` });
}

interface RowPlace {
  readonly item: YAMLMap;
  readonly exceptions: YAMLSeq;
  readonly entry: YAMLMap;
  readonly values: YAMLSeq;
  readonly row: Node;
}

function planException(
  source: string,
  items: readonly YAMLMap[],
  change: Extract<RulesChange, { kind: 'exception' }>,
  annotation: string | undefined,
): Result<RemovalPlan, RemoveProblem> {
  const wanted = JSON.stringify(change.row);
  const found: RowPlace[] = [];
  for (const item of items) {
    const exceptions = get(item, 'exceptions');
    if (text(get(item, 'rule')) !== change.rule || exceptions === undefined || !isSeq(exceptions)) continue;
    for (const entry of exceptions.items) {
      if (!isMap(entry) || text(get(entry, 'name')) !== change.name) continue;
      const fields = plain(get(entry, 'fields'));
      const comps = plain(get(entry, 'comps'));
      // Empty fields or comps in the change mean unknown (read back from a values-only item): not compared.
      const differs = (have: unknown, want: readonly string[]) =>
        have !== undefined && want.length > 0 && JSON.stringify(have) !== JSON.stringify(want);
      if (differs(fields, change.fields) || differs(comps, change.comps)) continue;
      const values = get(entry, 'values');
      if (values === undefined || !isSeq(values)) continue;
      for (const row of values.items as Node[])
        if (JSON.stringify(plain(row)) === wanted) found.push({ item, exceptions, entry, values, row });
    }
  }
  const place = pick(source, found, (c) => c.row, annotation);
  if (place === undefined) return notFound(change);
  const { item, exceptions, entry, values, row } = place;
  if (values.items.length > 1) {
    const replacements = values.flow
      ? removeFlowElements(values.items as Node[], new Set([row]))
      : [removeBlockElement(source, row, annotation)];
    return ok({ replacements, action: 'removed-values-row' });
  }
  const entryIsOurs = onlyKeys(entry, ['name', 'fields', 'comps', 'values']);
  if (
    entryIsOurs &&
    exceptions.items.length === 1 &&
    onlyKeys(item, ['rule', 'append', 'exceptions', 'override']) &&
    overrideOnly(item, 'exceptions')
  ) {
    return ok({ replacements: [removeItem(source, item, undefined)], action: 'removed-item' });
  }
  if (entryIsOurs && exceptions.items.length > 1 && exceptions.flow !== true)
    return ok({ replacements: [removeBlockElement(source, entry, undefined)], action: 'removed-exception' });
  return err({
    code: 'not_removable',
    message: `exception "${change.name}" of rule "${change.rule}" has no other values and shares its item with other settings; remove it by hand`,
  });
}

function planList(
  source: string,
  items: readonly YAMLMap[],
  change: Extract<RulesChange, { kind: 'list' }>,
  annotation: string | undefined,
): Result<RemovalPlan, RemoveProblem> {
  const found: { item: YAMLMap; seq: YAMLSeq; elements: Node[] }[] = [];
  for (const item of items) {
    const seq = get(item, 'items');
    if (
      text(get(item, 'list')) !== change.list ||
      !appends(item, 'items') ||
      seq === undefined ||
      !isSeq(seq)
    )
      continue;
    const elements: Node[] = [];
    for (const token of change.items) {
      const element = (seq.items as Node[]).find((e) => plain(e) === token && !elements.includes(e));
      if (element !== undefined) elements.push(element);
    }
    if (elements.length === change.items.length) found.push({ item, seq, elements });
  }
  const place = pick(source, found, (c) => c.item, annotation);
  if (place === undefined) return notFound(change);
  const { item, seq, elements } = place;
  if (
    seq.items.length === elements.length &&
    onlyKeys(item, ['list', 'append', 'items', 'override']) &&
    overrideOnly(item, 'items')
  ) {
    return ok({ replacements: [removeItem(source, item, annotation)], action: 'removed-item' });
  }
  if (seq.items.length === elements.length)
    return err({
      code: 'not_removable',
      message: `the item appending to list "${change.list}" has other settings; remove it by hand`,
    });
  const replacements = seq.flow
    ? removeFlowElements(seq.items as Node[], new Set(elements))
    : elements.map((element) => removeBlockElement(source, element, undefined));
  return ok({ replacements, action: 'removed-list-items' });
}

/** The condition without `part` (and the space that joined it), or undefined when nothing would be left. */
function withoutPart(condition: string, part: string): string | undefined {
  const at = condition.lastIndexOf(part);
  const before = condition.slice(0, at);
  const after = condition.slice(at + part.length);
  const joined = before.endsWith(' ') ? before.slice(0, -1) + after : before + after.replace(/^ /, '');
  const rest = joined.trim();
  return rest === '' ? undefined : rest;
}

function planConditionPart(
  source: string,
  items: readonly YAMLMap[],
  change: Extract<RulesChange, { kind: 'macro' | 'condition' }>,
  annotation: string | undefined,
): Result<RemovalPlan, RemoveProblem> {
  const [key, name] = change.kind === 'macro' ? ['macro', change.macro] : ['rule', change.rule];
  const part = change.condition.trim();
  const found: { item: YAMLMap; condition: Node; value: string }[] = [];
  for (const item of items) {
    const condition = get(item, 'condition');
    const value = text(condition);
    if (text(get(item, key)) !== name || !appends(item, 'condition')) continue;
    if (condition !== undefined && value?.includes(part) === true) found.push({ item, condition, value });
  }
  const place = pick(source, found, (c) => c.item, annotation);
  if (place === undefined) return notFound(change);
  const { item, condition, value } = place;
  const rest = withoutPart(value, part);
  if (rest === undefined) {
    if (onlyKeys(item, [key, 'append', 'condition', 'override']) && overrideOnly(item, 'condition'))
      return ok({ replacements: [removeItem(source, item, annotation)], action: 'removed-item' });
    return err({
      code: 'not_removable',
      message: `the item appending to ${key} "${name}" has other settings; remove it by hand`,
    });
  }
  const [from, to] = condition.range ?? [0, 0];
  const written = source.slice(from, to);
  // A plain one-line scalar is edited in place; anything else (quoted, folded) is written anew.
  const replacement =
    isScalar(condition) && condition.type === 'PLAIN' && written === value ? rest : yamlScalar(rest);
  return ok({ replacements: [{ from, to, text: replacement }], action: 'removed-condition-part' });
}

/** The replacements that remove `change` from `source`, or why not. */
export function planRemoval(
  source: string,
  change: RulesChange,
  annotation: string | undefined,
): Result<RemovalPlan, RemoveProblem> {
  const items = readItems(source);
  if (!items.ok) return items;
  switch (change.kind) {
    case 'exception':
      return planException(source, items.value, change, annotation);
    case 'list':
      return planList(source, items.value, change, annotation);
    case 'macro':
    case 'condition':
      return planConditionPart(source, items.value, change, annotation);
  }
}
