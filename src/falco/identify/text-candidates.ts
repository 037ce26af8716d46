/**
 * Ranking the rules whose title starts a text alert. A candidate's score weighs:
 * - template fit (0.45): the template aligned with the text, scaled by how much of the text is its literal text
 *   (a more specific template wins); nothing when only the title matched (another Falco version's wording);
 * - condition (0.2): the rule's condition on the recovered fields: `true` 1, `unknown` 0.5, `false` 0. Falco raised
 *   the alert, so a rule whose condition is false for it did not (two rules with the same output differ here);
 * - priority (0.2): the line's priority is the rule's (half when the line has none: it favours no rule);
 * - labels (0.15): the line's `key=` labels against the template's (Jaccard), which separates old wordings.
 * Ties keep definition order, Falco's own first-match order.
 */
import type { FieldMap, TextAlert } from '../alert/index.js';
import { containerFieldTexts } from './container-fields.js';
import { typedValue, type ValueKindLookup } from './field-typing.js';
import { fieldMap, type Candidate, type FieldSource } from './identification.js';
import { matchTemplate, type TemplateMatch } from './match-template.js';
import type { IndexedRule } from './rule-index.js';

export interface ScoredCandidate {
  readonly candidate: Candidate;
  readonly indexed: IndexedRule;
  readonly fields: FieldMap;
  readonly sources: Readonly<Record<string, FieldSource>>;
  /** The score without the priority's part, unrounded: what a line without a priority leaves undecided. */
  readonly base: number;
}

export const WEIGHTS = { template: 0.45, condition: 0.2, priority: 0.2, labels: 0.15 } as const;

export function scoreTextCandidate(
  indexed: IndexedRule,
  alert: TextAlert,
  kinds: ValueKindLookup,
): ScoredCandidate {
  const match = matchTemplate(indexed.template, alert, kinds);
  const { fields, sources } = match === undefined ? fromLabels(indexed, alert, kinds) : typed(match, kinds);
  const condition = indexed.evaluate(fields);
  const priorityAgrees = alert.priority === undefined ? undefined : indexed.rule.priority === alert.priority;
  const template = match === undefined ? 0 : 0.6 + 0.4 * match.coverage;
  const base =
    WEIGHTS.template * template +
    WEIGHTS.condition * (condition === 'true' ? 1 : condition === 'unknown' ? 0.5 : 0) +
    WEIGHTS.labels * labelOverlap(indexed, alert).jaccard;
  const score = base + WEIGHTS.priority * (priorityAgrees === undefined ? 0.5 : priorityAgrees ? 1 : 0);
  return {
    candidate: {
      rule: indexed.rule.name,
      score: Math.round(score * 1000) / 1000,
      match: match === undefined ? 'title' : match.fit,
      ...(priorityAgrees === undefined ? {} : { priorityAgrees }),
      condition,
    },
    indexed,
    fields,
    sources,
    base,
  };
}

/** Best first; equal scores in definition order. */
export function rankCandidates(scored: ScoredCandidate[]): ScoredCandidate[] {
  return scored.sort((a, b) => b.candidate.score - a.candidate.score || a.indexed.order - b.indexed.order);
}

function typed(
  match: TemplateMatch,
  kinds: ValueKindLookup,
): { fields: FieldMap; sources: Record<string, FieldSource> } {
  const sources = Object.create(null) as Record<string, FieldSource>;
  const fields = fieldMap(
    [...match.fields].map(([key, printed]) => {
      sources[key] = printed.from;
      return [key, typedValue(kinds(key), printed.text)] as const;
    }),
  );
  return { fields, sources };
}

/** When the template does not fit: the line's `label=value` pairs whose label the template prints a field with. */
function fromLabels(
  indexed: IndexedRule,
  alert: TextAlert,
  kinds: ValueKindLookup,
): { fields: FieldMap; sources: Record<string, FieldSource> } {
  const sources = Object.create(null) as Record<string, FieldSource>;
  const entries: [string, ReturnType<typeof typedValue>][] = [];
  const pairs = alert.fields;
  const container = splitContainerInfo(pairs.at(-1)?.value);
  pairs.forEach((pair, index) => {
    const key = indexed.labelFields.get(lastWord(pair.key)) ?? (isFieldName(pair.key) ? pair.key : undefined);
    if (key === undefined || key in sources) return;
    sources[key] = 'label';
    const value = index === pairs.length - 1 && container !== undefined ? container.value : pair.value;
    entries.push([key, typedValue(kinds(key), value)]);
  });
  for (const [key, text] of container?.fields ?? []) {
    if (key in sources) continue;
    sources[key] = 'container-info';
    entries.push([key, typedValue(kinds(key), text)]);
  }
  for (const [key, text] of containerFieldTexts(alert.appended)) {
    if (key in sources) continue;
    sources[key] = 'appended';
    entries.push([key, typedValue(kinds(key), text)]);
  }
  const fields = fieldMap(entries);
  return { fields, sources };
}

const TRAILING_CONTAINER_INFO = /^(.*\S) (\S+ \(id=[^()\s]*\))$/;

/**
 * Old outputs end with `%container.info` right after their last label (`oldpath=<NA> host (id=host)`); without the
 * template, the last label's value would swallow it. Split off a trailing `name (id=…)`.
 */
function splitContainerInfo(
  value: string | undefined,
): { readonly value: string; readonly fields: Map<string, string> } | undefined {
  const found = value === undefined ? null : TRAILING_CONTAINER_INFO.exec(value);
  if (found === null) return undefined;
  return { value: found[1] as string, fields: containerFieldTexts(found[2] as string) };
}

/** A label that is itself a field name (`fd.name=%fd.name`). */
function isFieldName(key: string): boolean {
  return /^[a-z]+\.[A-Za-z0-9_.]+(\[[^\]]*\])?$/.test(key) && !key.startsWith('k8s.ns') && key !== 'k8s.pod';
}

function lastWord(key: string): string {
  const space = key.lastIndexOf(' ');
  return space < 0 ? key : key.slice(space + 1);
}

/** The line's `key=` labels against the template's: how many they share, and the Jaccard index (1 when both lack any). */
export function labelOverlap(
  indexed: IndexedRule,
  alert: TextAlert,
): { readonly shared: number; readonly jaccard: number } {
  const line = new Set(alert.fields.map((pair) => lastWord(pair.key)));
  const template = new Set(indexed.template.labels);
  if (line.size === 0 && template.size === 0) return { shared: 0, jaccard: 1 };
  let shared = 0;
  for (const label of line) if (template.has(label)) shared += 1;
  return { shared, jaccard: shared / (line.size + template.size - shared) };
}
