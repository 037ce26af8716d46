/**
 * Finds, in a rules text, the values list of a named exception on a rule: where a later false positive with the same
 * fields adds its values row instead of defining the exception again (Falco refuses a second definition of a name on
 * append: "Can not append exception fields to existing exception, only values").
 */
import { isMap, isScalar, isSeq, parseAllDocuments, type Node, type YAMLMap } from 'yaml';

/** The `values:` sequence of the exception, with the offsets an insertion needs. */
export type ValuesPlace =
  /** A block sequence: insert a row after `lastItemEnd`'s line, at `column`. */
  | { readonly kind: 'block'; readonly lastItemEnd: number; readonly column: number }
  /** A flow sequence `[...]`: insert before `close` (the offset of `]`); `empty` when it has no items. */
  | { readonly kind: 'flow'; readonly close: number; readonly empty: boolean };

export type FoundException =
  | { readonly kind: 'found'; readonly place: ValuesPlace }
  /** The exception is there but its fields or comps differ from the ones asked: editing it would change its meaning. */
  | { readonly kind: 'different' }
  | { readonly kind: 'absent' };

const OPTIONS = { schema: 'failsafe', uniqueKeys: false, strict: false, prettyErrors: false } as const;

function get(map: YAMLMap, key: string): Node | undefined {
  const pair = map.items.find((item) => isScalar(item.key) && item.key.value === key);
  const value: unknown = pair?.value;
  return value === null || value === undefined ? undefined : (value as Node);
}

function strings(node: Node | undefined): string[] | undefined {
  if (node === undefined) return undefined;
  if (isScalar(node)) return [String(node.value)];
  if (!isSeq(node)) return undefined;
  return node.items.map((item) => (isScalar(item) ? String(item.value) : '\u0000'));
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function placeOf(text: string, values: Node | undefined): ValuesPlace | undefined {
  if (values === undefined || !isSeq(values) || values.range === null || values.range === undefined)
    return undefined;
  if (values.flow === true) {
    const close = text.lastIndexOf(']', values.range[1] - 1);
    return close < values.range[0] ? undefined : { kind: 'flow', close, empty: values.items.length === 0 };
  }
  const last = values.items[values.items.length - 1] as Node | undefined;
  const lastRange = last?.range;
  if (lastRange === null || lastRange === undefined) return undefined;
  return { kind: 'block', lastItemEnd: lastRange[1], column: columnOf(text, values.range[0]) };
}

/**
 * Looks for exception `name` on rule `rule` in `text` (every document, every item for the rule). `fields`/`comps`
 * must match where the item defines them (an item that only appends values to the name matches too).
 */
export function findException(
  text: string,
  rule: string,
  name: string,
  fields: readonly string[],
  comps: readonly string[],
): FoundException {
  for (const doc of parseAllDocuments(text, OPTIONS)) {
    if (!('contents' in doc) || doc.errors.length > 0 || !isSeq(doc.contents)) continue;
    for (const item of doc.contents.items) {
      if (!isMap(item)) continue;
      const ruleName = get(item, 'rule');
      if (ruleName === undefined || !isScalar(ruleName) || ruleName.value !== rule) continue;
      const exceptions = get(item, 'exceptions');
      if (exceptions === undefined || !isSeq(exceptions)) continue;
      for (const exception of exceptions.items) {
        if (!isMap(exception)) continue;
        const exceptionName = get(exception, 'name');
        if (exceptionName === undefined || !isScalar(exceptionName) || exceptionName.value !== name) continue;
        const hasFields = strings(get(exception, 'fields'));
        // In the list form, comps default to `=` for every field.
        const hasComps = strings(get(exception, 'comps')) ?? hasFields?.map(() => '=');
        if (hasFields !== undefined && JSON.stringify(hasFields) !== JSON.stringify(fields))
          return { kind: 'different' };
        if (hasComps !== undefined && JSON.stringify(hasComps) !== JSON.stringify(comps))
          return { kind: 'different' };
        const place = placeOf(text, get(exception, 'values'));
        return place === undefined ? { kind: 'different' } : { kind: 'found', place };
      }
    }
  }
  return { kind: 'absent' };
}

function isAppendItem(item: YAMLMap, key: string): boolean {
  const append = get(item, 'append');
  if (append !== undefined && isScalar(append) && String(append.value) === 'true') return true;
  const override = get(item, 'override');
  if (override === undefined || !isMap(override)) return false;
  const verb = get(override, key);
  return verb !== undefined && isScalar(verb) && verb.value === 'append';
}

/**
 * The `items:` sequence of an item in `text` that appends to list `name` (`append: true` or `override: {items:
 * append}`), where a later false positive adds its item next to the earlier ones; undefined when there is none.
 */
export function findListAppend(text: string, name: string): ValuesPlace | undefined {
  for (const doc of parseAllDocuments(text, OPTIONS)) {
    if (!('contents' in doc) || doc.errors.length > 0 || !isSeq(doc.contents)) continue;
    for (const item of doc.contents.items) {
      if (!isMap(item)) continue;
      const list = get(item, 'list');
      if (list === undefined || !isScalar(list) || list.value !== name || !isAppendItem(item, 'items'))
        continue;
      const place = placeOf(text, get(item, 'items'));
      if (place !== undefined) return place;
    }
  }
  return undefined;
}
