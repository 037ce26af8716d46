/**
 * Reads a rule's `exceptions:` the way Falco's `read_rule_exceptions` does: each exception needs a `name`;
 * `fields` is optional when appending; `comps` is optional; `values` is a sequence of strings or (nested) lists.
 */
import { isMap, isSeq } from 'yaml';
import type { ExceptionEntry } from './model.js';
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
    const name = decodeString(ex, 'name', exOffset);
    if (out.some((previous) => previous.name === name)) {
      if (!ctx.features.duplicateExceptionWarns) throw new ItemFailure(MSG.exceptionDuplicateError, exOffset);
      ctx.warn('LOAD_EXCEPTION_NAME_NOT_UNIQUE', MSG.exceptionDuplicate(name), exOffset, {
        kind: 'rule',
        name: ruleName,
      });
    }
    const fieldsNode = ex.value('fields');
    if (fieldsNode === undefined && !append) throw new ItemFailure(MSG.noMapping('fields'), exOffset);
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
    } else if (append) {
      ctx.warn('LOAD_APPEND_NO_VALUES', MSG.appendNoValues, exOffset, { kind: 'rule', name: ruleName });
    }
    out.push({ name, fields, comps, values, offset: exOffset, at: positionAt(ctx, exOffset) });
  }
  return out;
}
