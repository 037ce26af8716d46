/**
 * yaml-cpp's view of a YAML node, over the `yaml` package's parsed nodes. Falco reads rules files with yaml-cpp,
 * where every scalar is text until a conversion is asked for: `enabled: yes` is a valid bool, `priority: 5` a valid
 * string, and only an empty plain value, `~` or `null` is null. Documents are parsed with the failsafe schema so the
 * `yaml` package keeps every scalar as its text too.
 *
 * Failures are thrown as `ItemFailure` and caught per item by the reader, mirroring Falco's THROW macro, which
 * stops reading the file at the first error.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair, type Scalar } from 'yaml';
import { MSG, type LoadErrorCode } from './messages.js';

export class ItemFailure extends Error {
  constructor(
    message: string,
    /** Offset into the parsed text where the problem is. */
    readonly offset: number,
    readonly code: LoadErrorCode = 'LOAD_ERR_YAML_VALIDATE',
  ) {
    super(message);
    this.name = 'ItemFailure';
  }
}

export type YNode = Node;

/** Follows aliases (`*x`) to the anchored node. */
export function deref(node: unknown, doc: Document.Parsed): YNode | undefined {
  let current = node;
  for (let hops = 0; isAlias(current) && hops < 64; hops++) current = current.resolve(doc);
  return current === null || current === undefined ? undefined : (current as YNode);
}

export function offsetOf(node: YNode | undefined, fallback: number): number {
  const range = (node as { range?: readonly number[] } | undefined)?.range;
  return range?.[0] ?? fallback;
}

export function isNullNode(node: YNode | undefined): boolean {
  if (node === undefined) return true;
  if (!isScalar(node)) return false;
  if (node.type !== 'PLAIN') return false;
  const text = scalarText(node);
  return text === '' || text === '~' || text === 'null' || text === 'Null' || text === 'NULL';
}

export function scalarText(node: Scalar): string {
  const value: unknown = node.value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return '';
}

/** A scalar that is not null, as yaml-cpp's `IsScalar()`. */
export function asScalar(node: YNode | undefined): Scalar | undefined {
  return node !== undefined && isScalar(node) && !isNullNode(node) ? node : undefined;
}

/** A YAML map's entries with a scalar key, first occurrence winning like yaml-cpp's `item[key]`. */
export class ItemMap {
  private readonly byKey = new Map<string, Pair>();
  readonly keys: { readonly key: string; readonly offset: number }[] = [];

  constructor(
    readonly node: YNode,
    readonly doc: Document.Parsed,
  ) {
    if (!isMap(node)) return;
    for (const pair of node.items) {
      const key = deref(pair.key, doc);
      if (key === undefined || !isScalar(key)) continue;
      const name = scalarText(key);
      this.keys.push({ key: name, offset: offsetOf(key, this.offset) });
      if (!this.byKey.has(name)) this.byKey.set(name, pair);
    }
  }

  get offset(): number {
    return offsetOf(this.node, 0);
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** The value node; `undefined` when the key is absent, a null scalar when the value is empty. */
  value(key: string): YNode | undefined {
    const pair = this.byKey.get(key);
    if (pair === undefined) return undefined;
    return deref(pair.value, this.doc) ?? nullAt(offsetOf(deref(pair.key, this.doc), this.offset));
  }

  keyOffset(key: string): number {
    const pair = this.byKey.get(key);
    return offsetOf(deref(pair?.key, this.doc), this.offset);
  }

  valueOffset(key: string): number {
    return offsetOf(this.value(key), this.keyOffset(key));
  }
}

function nullAt(offset: number): YNode {
  return { range: [offset, offset, offset], value: '', type: 'PLAIN' } as unknown as YNode;
}

/** `decode_val`: a required, non-empty scalar. */
export function requireScalar(map: ItemMap, key: string, itemOffset: number): Scalar {
  const node = map.value(key);
  if (node === undefined) throw new ItemFailure(MSG.noMapping(key), itemOffset);
  if (isNullNode(node)) throw new ItemFailure(MSG.emptyMapping(key), itemOffset);
  const scalar = asScalar(node);
  if (scalar === undefined) throw new ItemFailure(MSG.notScalar, offsetOf(node, itemOffset));
  if (scalarText(scalar) === '') throw new ItemFailure(MSG.emptyValue, offsetOf(node, itemOffset));
  return scalar;
}

export function decodeString(map: ItemMap, key: string, itemOffset: number): string {
  return scalarText(requireScalar(map, key, itemOffset));
}

export function decodeOptionalString(map: ItemMap, key: string, itemOffset: number): string | undefined {
  return map.has(key) ? decodeString(map, key, itemOffset) : undefined;
}

const TRUE_WORDS = ['y', 'yes', 'true', 'on'];
const FALSE_WORDS = ['n', 'no', 'false', 'off'];

/** yaml-cpp's bool conversion: `y/yes/true/on` and their negations, lower, Capitalised or UPPER case. */
export function parseYamlCppBool(text: string): boolean | undefined {
  const matches = (word: string): boolean =>
    text === word || text === word.toUpperCase() || text === word.charAt(0).toUpperCase() + word.slice(1);
  if (TRUE_WORDS.some(matches)) return true;
  if (FALSE_WORDS.some(matches)) return false;
  return undefined;
}

/** yaml-cpp's unsigned conversion: decimal or 0x hex, no sign, no trailing text. */
export function parseYamlCppUnsigned(text: string, max: number): number | undefined {
  const trimmed = text;
  let value: number;
  if (/^\+?[0-9]+$/.test(trimmed)) value = Number(trimmed);
  else if (/^0x[0-9a-fA-F]+$/.test(trimmed)) value = Number.parseInt(trimmed.slice(2), 16);
  else return undefined;
  return Number.isSafeInteger(value) && value <= max ? value : undefined;
}

export function decodeBool(map: ItemMap, key: string, itemOffset: number): boolean {
  const scalar = requireScalar(map, key, itemOffset);
  const value = parseYamlCppBool(scalarText(scalar));
  if (value === undefined) throw new ItemFailure(MSG.cantDecode, offsetOf(scalar, itemOffset));
  return value;
}

export function decodeOptionalBool(map: ItemMap, key: string, itemOffset: number): boolean | undefined {
  return map.has(key) ? decodeBool(map, key, itemOffset) : undefined;
}

export function decodeUnsigned(map: ItemMap, key: string, itemOffset: number, max: number): number {
  const scalar = requireScalar(map, key, itemOffset);
  const value = parseYamlCppUnsigned(scalarText(scalar), max);
  if (value === undefined) throw new ItemFailure(MSG.cantDecode, offsetOf(scalar, itemOffset));
  return value;
}

/** `decode_seq`: a sequence of scalars (`items`, `tags`). */
export function decodeStringSeq(
  map: ItemMap,
  key: string,
  itemOffset: number,
): { readonly values: string[]; readonly offsets: number[] } {
  const node = map.value(key);
  if (node === undefined) throw new ItemFailure(MSG.noMapping(key), itemOffset);
  if (!isSeq(node)) throw new ItemFailure(MSG.notSequence, offsetOf(node, itemOffset));
  const values: string[] = [];
  const offsets: number[] = [];
  for (const raw of node.items) {
    const child = deref(raw, map.doc);
    const scalar = asScalar(child);
    if (scalar === undefined)
      throw new ItemFailure(MSG.seqNotScalar, offsetOf(child, offsetOf(node, itemOffset)));
    values.push(scalarText(scalar));
    offsets.push(offsetOf(scalar, itemOffset));
  }
  return { values, offsets };
}
