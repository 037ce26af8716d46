/**
 * The one place explain asks exception synthesis (src/falco/exceptions) how to silence an alert. The suggestions come
 * from `suggestExceptions`, best first, each with its YAML and the other rules it would silence; explain only reshapes
 * them for its answer (the full synthesis stays available to callers that apply one).
 */
import type { Alert } from '../alert/index.js';
import type { FieldValues } from '../eval/index.js';
import { suggestExceptions, type Suggestion, type Synthesis } from '../exceptions/index.js';
import type { Ruleset } from '../rules/index.js';
import type { FalcoVersion } from '../version.js';

/** A suggestion as the explain output shows it (the CLI contract's `suggestions[]`). */
export interface ExplainSuggestion {
  readonly strategy: Suggestion['strategy'];
  readonly target: string;
  readonly fields: readonly string[];
  /** The rules-file item to add ('' when refused). */
  readonly yaml: string;
  /** Other rules the change also silences. */
  readonly alsoAffects: readonly string[];
  /** Other rules the change makes fire more. */
  readonly firesMore: readonly string[];
  /** Why this strategy cannot be offered for this alert. */
  readonly refused?: string;
  /** Why the change may not stop this alert. */
  readonly uncertain?: string;
  /** What the change excepts, as a Falco condition. */
  readonly predicate?: string;
  /** For callers that apply the suggestion (not part of the JSON answer). */
  readonly synthesis?: Synthesis;
}

export function suggestionsFor(
  alert: Pick<Alert, 'rule' | 'fields' | 'hostname' | 'truncatedFieldKeys' | 'nonFalcoFieldKeys'>,
  ruleset: Ruleset,
  falcoVersion: FalcoVersion,
): ExplainSuggestion[] {
  const suggestions = suggestExceptions({
    alert: {
      rule: alert.rule,
      fields: alert.fields as FieldValues,
      hostname: alert.hostname,
      truncatedFieldKeys: alert.truncatedFieldKeys,
      nonFalcoFieldKeys: alert.nonFalcoFieldKeys,
    },
    ruleset,
    falcoVersion,
  });
  return suggestions.map((suggestion) => ({
    strategy: suggestion.strategy,
    target: suggestion.target,
    fields: suggestion.fields,
    yaml: suggestion.yaml,
    alsoAffects: suggestion.alsoAffects,
    firesMore: suggestion.firesMore,
    ...(suggestion.refused === undefined ? {} : { refused: suggestion.refused }),
    ...(suggestion.uncertain === undefined ? {} : { uncertain: suggestion.uncertain }),
    ...(suggestion.synthesis === undefined
      ? {}
      : { predicate: suggestion.synthesis.predicate, synthesis: suggestion.synthesis }),
  }));
}
