/**
 * A Helm values file's `customRules` map, read for editing: each entry's rules text and where its block scalar sits
 * in the file, so that an edit of the rules text becomes insertions into the file (block-scalar.ts) and the rest of
 * the file (comments, key order, blank lines, other entries) stays byte for byte.
 */
import { isMap, isScalar, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';

const OPTIONS = { schema: 'failsafe', uniqueKeys: false, strict: false, prettyErrors: false } as const;

export type FileKind = 'rules' | 'helm-values';

/** A YAML map at the top is a values file; a sequence (or nothing) is a rules file. */
export function fileKind(text: string): FileKind {
  const doc = parseDocument(text, OPTIONS);
  return isMap(doc.contents) ? 'helm-values' : 'rules';
}

export interface HelmEntry {
  readonly key: string;
  /** The entry's value node. */
  readonly value: Node | undefined;
  readonly pair: Pair;
}

export type CustomRules =
  /** `customRules:` absent from the values map. */
  | { readonly kind: 'absent'; readonly root: YAMLMap }
  /** `customRules:` with no value or an empty map (`{}`), at this pair. */
  | { readonly kind: 'empty'; readonly pair: Pair }
  | { readonly kind: 'map'; readonly map: YAMLMap; readonly entries: readonly HelmEntry[] }
  | { readonly kind: 'invalid'; readonly message: string };

function keyText(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : '';
}

/** The `customRules` map of a values file. */
export function readCustomRules(text: string): CustomRules {
  const doc = parseDocument(text, OPTIONS);
  if (doc.errors.length > 0)
    return { kind: 'invalid', message: `the values file is not valid YAML: ${doc.errors[0]?.message ?? ''}` };
  const root = doc.contents;
  if (!isMap(root)) return { kind: 'invalid', message: 'the values file is not a YAML map' };
  const pair = root.items.find((item) => keyText(item) === 'customRules');
  if (pair === undefined) return { kind: 'absent', root };
  const value = pair.value as Node | null;
  if (value === null || (isScalar(value) && (value.value === '' || value.value === null)))
    return { kind: 'empty', pair };
  if (!isMap(value)) return { kind: 'invalid', message: 'customRules is not a map of file names to rules' };
  if (value.items.length === 0) return { kind: 'empty', pair };
  const entries = value.items.map((item) => ({
    key: keyText(item),
    value: (item.value ?? undefined) as Node | undefined,
    pair: item,
  }));
  return { kind: 'map', map: value, entries };
}
