/**
 * Helm values files: the falco chart (and the old stable/falco chart) take custom rules as `customRules`, a map from
 * file name to rules YAML text. The chart writes each entry to a ConfigMap mounted at /etc/falco/rules.d, and Falco
 * loads that directory's files in name order after the default rules, so entries load sorted by key (which is also
 * the order Helm's template ranges over them). Positions inside an entry map back to the values file's own lines.
 */
import { isMap, isScalar, parseAllDocuments } from 'yaml';
import type { Diagnostic, RulesFileInput } from './model.js';
import { TRIAGE_MSG } from './messages.js';
import type { RulesText } from './reader-context.js';
import { YAML_OPTIONS } from './reader.js';
import { lineLocator, scalarValueMapper } from './source-map.js';
import { deref, isNullNode, offsetOf, scalarText } from './yaml-access.js';

const CUSTOM_RULES_KEY = /^customRules[ \t]*:/m;

/** A cheap test before parsing: does the text have a top-level `customRules:` key? */
export function looksLikeHelmValues(content: string): boolean {
  return CUSTOM_RULES_KEY.test(content);
}

export type HelmExpansion =
  | { readonly kind: 'not-values' }
  | {
      readonly kind: 'values';
      readonly texts: readonly RulesText[];
      readonly diagnostics: readonly Diagnostic[];
    };

/** The rules texts of a Helm values file, or `not-values` when the file is not one (a map with `customRules`). */
export function expandHelmValues(file: RulesFileInput): HelmExpansion {
  if (!looksLikeHelmValues(file.content)) return { kind: 'not-values' };
  const docs = parseAllDocuments(file.content, YAML_OPTIONS);
  const doc = Array.isArray(docs) ? docs[0] : undefined;
  if (doc === undefined || doc.errors.length > 0) return { kind: 'not-values' };
  const root = deref(doc.contents, doc);
  if (root === undefined || !isMap(root)) return { kind: 'not-values' };
  const pair = root.items.find((item) => {
    const key = deref(item.key, doc);
    return key !== undefined && isScalar(key) && scalarText(key) === 'customRules';
  });
  if (pair === undefined) return { kind: 'not-values' };
  const locate = lineLocator(file.name, file.content);
  const value = deref(pair.value, doc);
  const diagnostics: Diagnostic[] = [];
  if (value === undefined || isNullNode(value)) return { kind: 'values', texts: [], diagnostics };
  if (!isMap(value)) {
    const at = locate(offsetOf(value, 0));
    diagnostics.push({
      severity: 'warning',
      code: 'TRIAGE_HELM_VALUES',
      message: TRIAGE_MSG.helmNoRules,
      ...at,
    });
    return { kind: 'values', texts: [], diagnostics };
  }
  const entries: { key: string; text: RulesText }[] = [];
  for (const entry of value.items) {
    const keyNode = deref(entry.key, doc);
    const key = keyNode !== undefined && isScalar(keyNode) ? scalarText(keyNode) : '';
    const rules = deref(entry.value, doc);
    if (rules === undefined || isNullNode(rules)) continue;
    if (!isScalar(rules)) {
      diagnostics.push({
        severity: 'warning',
        code: 'TRIAGE_HELM_VALUES',
        message: TRIAGE_MSG.helmEntry(key),
        ...locate(offsetOf(rules, 0)),
      });
      continue;
    }
    const text = scalarText(rules);
    const range = rules.range ?? [0, 0, 0];
    const toOuter = scalarValueMapper(file.content, [range[0], range[1]], text);
    entries.push({ key, text: { name: file.name, text, locate: (offset) => locate(toOuter(offset)) } });
  }
  entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { kind: 'values', texts: entries.map((entry) => entry.text), diagnostics };
}
