/**
 * Reads a rule's `exceptions:` the way Falco's `read_rule_exceptions` does: each exception needs a `name`;
 * `fields` is optional when appending; `comps` is optional; `values` is a sequence of strings or (nested) lists.
 * Before 0.33 (Lua, and 0.32's `rule_reader.cpp`) a missing name had its own message and a missing `fields` was
 * left for the collector to report; duplicate names were kept silently before 0.38.
 */
import { isMap, isSeq } from 'yaml';
import type { ExceptionEntry } from './model.js';
import { LEGACY_MSG, usesLegacyWords } from './legacy-messages.js';
import { MSG } from './messages.js';
import type { ExceptionInfo } from './exception-validation.js';
import { positionAt, type ReaderContext } from './reader-context.js';
import {
  ItemFailure,
  ItemMap,
  asScalar,
  decodeString,
  deref,
  isNullNode,
  offsetOf,
  scalarText,
  type YNode,
} from './yaml-access.js';

/** `decode_exception_info_entry`: a non-empty scalar, a sequence of entries, or (anything else) an invalid entry. */
function decodeEntry(
  ctx: ReaderContext,
  node: YNode | undefined,
  doc: ItemMap['doc'],
  fallback: number,
): ExceptionEntry | undefined {
  const scalar = asScalar(node);
  if (scalar !== undefined) {
    const text = scalarText(scalar);
    if (text === '') throw new ItemFailure(MSG.emptyValue, offsetOf(node, fallback));
    return { kind: 'item', item: text };
  }
  if (node !== undefined && isSeq(node)) {
    const items: ExceptionEntry[] = [];
    for (const raw of node.items) {
      const child = deref(raw, doc);
      items.push(decodeEntry(ctx, child, doc, offsetOf(node, fallback)) ?? { kind: 'item', item: '' });
    }
    return { kind: 'list', items };
  }
  return undefined;
}

/** Lua `eitem['name'] == nil`, 0.32 `decode_val(ex["name"]) || name.empty()`: one message for both. */
function legacyName(ex: ItemMap, offset: number): string {
  const scalar = asScalar(ex.value('name'));
  const name = scalar === undefined ? '' : scalarText(scalar);
  if (name === '') throw new ItemFailure(LEGACY_MSG.exceptionNeedsName, offset);
  return name;
}

/**
 * @param append true when the exceptions are appended (`append: true` or `override.exceptions: append`):
 *   then `fields` may be missing and a missing `values` only warns.
 */
export function readExceptions(
  ctx: ReaderContext,
  map: ItemMap,
  append: boolean,
  ruleName: string,
): ExceptionInfo[] {
  const node = map.value('exceptions');
  if (node === undefined || isNullNode(node)) return [];
  const listOffset = offsetOf(node, map.offset);
  if (!isSeq(node)) throw new ItemFailure(MSG.exceptionsNotSeq, listOffset);
  const out: ExceptionInfo[] = [];
  for (const raw of node.items) {
    const exNode = deref(raw, map.doc);
    const exOffset = offsetOf(exNode, listOffset);
    if (exNode === undefined || !isMap(exNode)) throw new ItemFailure(MSG.exceptionNotMap, exOffset);
    const ex = new ItemMap(exNode, map.doc);
    const legacy = usesLegacyWords(ctx.features.wording);
    const name = legacy ? legacyName(ex, exOffset) : decodeString(ex, 'name', exOffset);
    if (ctx.features.duplicateExceptionWarns && out.some((previous) => previous.name === name))
      ctx.warn('LOAD_EXCEPTION_NAME_NOT_UNIQUE', MSG.exceptionDuplicate(name), exOffset, {
        kind: 'rule',
        name: ruleName,
      });
    const fieldsNode = ex.value('fields');
    if (fieldsNode === undefined && !append && !legacy)
      throw new ItemFailure(MSG.noMapping('fields'), exOffset);
    const fields = decodeEntry(ctx, fieldsNode, map.doc, exOffset);
    const comps = decodeEntry(ctx, ex.value('comps'), map.doc, exOffset);
    const values: ExceptionEntry[] = [];
    const valuesNode = ex.value('values');
    if (valuesNode !== undefined) {
      if (!isSeq(valuesNode))
        throw new ItemFailure(MSG.exceptionValuesNotSeq, offsetOf(valuesNode, exOffset));
      for (const rawValue of valuesNode.items) {
        const valueNode = deref(rawValue, map.doc);
        values.push(
          decodeEntry(ctx, valueNode, map.doc, offsetOf(valuesNode, exOffset)) ?? { kind: 'item', item: '' },
        );
      }
    } else if (append && ctx.features.appendNoValuesWarning) {
      ctx.warn('LOAD_APPEND_NO_VALUES', MSG.appendNoValues, exOffset, { kind: 'rule', name: ruleName });
    }
    out.push({
      name,
      fields,
      comps,
      values,
      valuesGiven: valuesNode !== undefined,
      offset: exOffset,
      at: positionAt(ctx, exOffset),
    });
  }
  return out;
}
