/**
 * The `override:` key (Falco 0.37+): a map from item keys to `append` or `replace`, checked against what each item
 * kind allows (`decode_overrides` in `rule_loader_reader.cpp`).
 */
import { isMap } from 'yaml';
import { MSG } from './messages.js';
import type { ItemMap } from './yaml-access.js';
import { ItemFailure, asScalar, deref, offsetOf, scalarText } from './yaml-access.js';

export interface Overrides {
  readonly append: ReadonlySet<string>;
  readonly replace: ReadonlySet<string>;
}

export const NO_OVERRIDES: Overrides = { append: new Set(), replace: new Set() };

export function hasOverrides(overrides: Overrides): boolean {
  return overrides.append.size > 0 || overrides.replace.size > 0;
}

export function decodeOverrides(
  map: ItemMap,
  appendable: ReadonlySet<string>,
  replaceable: ReadonlySet<string>,
): Overrides {
  const node = map.value('override');
  if (node === undefined) return NO_OVERRIDES;
  const append = new Set<string>();
  const replace = new Set<string>();
  if (!isMap(node)) return NO_OVERRIDES;
  for (const pair of node.items) {
    const keyNode = deref(pair.key, map.doc);
    const valueNode = deref(pair.value, map.doc);
    const key = scalarText(asScalar(keyNode) ?? ({ value: '' } as never));
    const operationScalar = asScalar(valueNode);
    const operation = operationScalar === undefined ? '' : scalarText(operationScalar);
    const keyOffset = offsetOf(keyNode, map.offset);
    if (operation === 'append') {
      if (!appendable.has(key)) throw new ItemFailure(MSG.overrideCannotAppend(key), keyOffset);
      append.add(key);
    } else if (operation === 'replace') {
      if (!replaceable.has(key)) throw new ItemFailure(MSG.overrideCannotReplace(key), keyOffset);
      replace.add(key);
    } else {
      const allowed = [
        ...(appendable.has(key) ? ['append'] : []),
        ...(replaceable.has(key) ? ['replace'] : []),
      ];
      throw new ItemFailure(MSG.overrideInvalidOp(key, operation, allowed), offsetOf(valueNode, keyOffset));
    }
  }
  return { append, replace };
}
