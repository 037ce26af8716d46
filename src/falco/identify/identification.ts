/**
 * What identifying an alert yields: the rule that produced it (with the ranked candidates and why), the field values
 * by Falco field name, and an `Alert` the evaluator and the rest of the bot can use; when the text cannot say which
 * rule (several alerts run together, or a line without its priority that rules of different priorities print), an
 * ambiguity listing the candidates; or, when no loaded rule fits, a clear answer with the closest names. Plain JSON
 * data.
 */
import type { Alert, FieldMap, FieldValue, Priority } from '../alert/index.js';
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
  /** How a text alert was read (absent for JSON). */
  readonly reading?: TextReading;
}

/** How a text was read: its header, what was skipped before the alert, other alerts on the same line. */
export interface TextReading {
  /** `none`: the rule output alone (as Slack and web UIs show alerts); `priority`: a priority word, no time. */
  readonly header: 'time-and-priority' | 'priority' | 'none';
  /** Text before the alert that was not read (a log prefix, a collector's timestamp, junk); '' when none. */
  readonly skipped: string;
  /** Other alerts on the same line (a log collector joined lines), not explained; in the order of the line. */
  readonly others: readonly OtherAlert[];
  /**
   * One sentence an on-call engineer must see before trusting the answer (other alerts were on the line); absent
   * when the reading was ordinary. The details are in `notes`.
   */
  readonly notice?: string;
}

export interface OtherAlert {
  /** That alert's text, as found on the line. */
  readonly text: string;
  /** The rule it most likely came from, or null when no loaded rule's output starts like it. */
  readonly rule: string | null;
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

/** The text fits loaded rules, but it cannot say which one raised the alert: naming one would be a guess. */
export interface Ambiguous {
  readonly kind: 'ambiguous';
  readonly input: 'text';
  /**
   * `several-alerts`: the line holds alerts of different rules run together (a log collector joined lines);
   * `priority-unknown`: the text has no priority, and rules of different priorities print this output.
   */
  readonly reason: 'several-alerts' | 'priority-unknown';
  /** `several-alerts`: each alert's best rule, in the order of the line; `priority-unknown`: the rules, best first. */
  readonly candidates: readonly AmbiguousCandidate[];
  /** For people: what was found and what to paste instead. */
  readonly message: string;
}

export interface AmbiguousCandidate extends Candidate {
  /** The rule's priority. */
  readonly priority: Priority;
  /** The alert text this candidate was read from (for `several-alerts`, its part of the line). */
  readonly text: string;
}

export type Identification = Identified | Ambiguous | Unidentified;

/** A null-prototype field map (keys come from alerts: `__proto__` must stay an ordinary key). */
export function fieldMap(entries: Iterable<readonly [string, FieldValue]>): FieldMap {
  const out = Object.create(null) as Record<string, FieldValue>;
  for (const [key, value] of entries) out[key] = value;
  return out;
}
