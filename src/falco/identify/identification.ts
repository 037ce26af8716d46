/**
 * What identifying an alert yields: the rule that produced it (with the ranked candidates and why), the field values
 * by Falco field name, and an `Alert` the evaluator and the rest of the bot can use; or, when no loaded rule fits, a
 * clear answer with the closest names. Plain JSON data.
 */
import type { Alert, FieldMap, FieldValue } from '../alert/index.js';
import type { Truth } from '../eval/index.js';
import type { TemplateFit } from './match-template.js';

/**
 * How a candidate was matched: a JSON alert's `rule` key, its output template (how well), only its title, or a
 * reworded title with agreeing `key=` labels (another Falco version's wording).
 */
export type CandidateMatch = 'rule-name' | TemplateFit | 'title' | 'reworded-title';

export interface Candidate {
  readonly rule: string;
  /** 0–1, higher is better; comparable between the candidates of one alert. */
  readonly score: number;
  readonly match: CandidateMatch;
  /** The alert's priority is the rule's; absent when the alert text has no priority. */
  readonly priorityAgrees?: boolean;
  /** The rule's condition (with its exceptions) on the recovered fields: `false` means it could not have fired. */
  readonly condition: Truth;
}

/** Where a field value came from. */
export type FieldSource =
  /** The JSON alert's `output_fields`. */
  | 'output_fields'
  /** Aligned with the rule's output template. */
  | 'template'
  /** Inside `%container.info` text. */
  | 'container-info'
  /** Text Falco appended after the rule output (`-pk`, the container plugin). */
  | 'appended'
  /** A `key=value` pair whose key is a label of the rule's template (the template did not match as a whole). */
  | 'label';

export interface RecoveredField {
  readonly value: FieldValue;
  readonly source: FieldSource;
}

export interface Identified {
  readonly kind: 'identified';
  readonly input: 'json' | 'text';
  readonly rule: string;
  /** Best first; the first is `rule`. */
  readonly candidates: readonly Candidate[];
  /** By Falco field name, typed as Falco's JSON output types them (numbers, booleans, `null` for `<NA>`). */
  readonly fields: FieldMap;
  readonly sources: Readonly<Record<string, FieldSource>>;
  /** The alert as the rest of the bot models it (for text lines: rebuilt from the line and the rule). */
  readonly alert: Alert;
  /** What was assumed, for people (a time of day dated, fields recovered from labels only...). */
  readonly notes: readonly string[];
}

export interface Unidentified {
  readonly kind: 'unidentified';
  readonly input: 'json' | 'text';
  /** `unknown-rule`: a JSON alert names a rule the ruleset lacks; `no-match`: no rule's output fits the text. */
  readonly reason: 'unknown-rule' | 'no-match';
  /** The rule a JSON alert names. */
  readonly rule?: string;
  /** Closest rule names, best first. */
  readonly hints: readonly string[];
  /** One sentence for people. */
  readonly message: string;
  readonly alert?: Alert;
}

export type Identification = Identified | Unidentified;

/** A null-prototype field map (keys come from alerts: `__proto__` must stay an ordinary key). */
export function fieldMap(entries: Iterable<readonly [string, FieldValue]>): FieldMap {
  const out = Object.create(null) as Record<string, FieldValue>;
  for (const [key, value] of entries) out[key] = value;
  return out;
}
