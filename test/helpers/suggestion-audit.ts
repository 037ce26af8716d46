/**
 * How safe a suggestion is, judged by the scope-safety policy and the effects model of src/falco/exceptions: does it
 * make another rule fire more, is its scope made of low-discrimination fields only, does it take a volatile value
 * verbatim. The suggestion-safety test asserts on these for the first suggestion of every rendered alert, and
 * `npm run audit:suggestions` prints the counts (for any engine, to compare before and after a change).
 */
import { changeEffects, fieldRole, stableForm, type Suggestion } from '../../src/falco/exceptions/index.js';
import type { Ruleset } from '../../src/falco/rules/index.js';
import type { FalcoVersion } from '../../src/falco/version.js';

/** What the first suggestion (or any suggestion) does, in the terms of the policy. */
export interface SuggestionSafety {
  /** Other rules the change makes fire more, by the effects model. */
  readonly widens: readonly string[];
  /** Every scoping field is low-discrimination (user, uid, event type, container id, ...). */
  readonly lowOnly: boolean;
  /** Fields whose volatile value is matched verbatim. */
  readonly volatile: readonly string[];
}

/** A suggestion with its synthesis (what `suggestExceptions` returns when not refused). */
export type UsableSuggestion = Pick<Suggestion, 'strategy' | 'target' | 'fields'> & {
  readonly synthesis?: Suggestion['synthesis'];
};

export function suggestionSafety(
  suggestion: UsableSuggestion,
  ruleset: Ruleset,
  version: FalcoVersion,
): SuggestionSafety {
  const synthesis = suggestion.synthesis;
  if (synthesis === undefined) return { widens: [], lowOnly: false, volatile: [] };
  const effects = changeEffects(synthesis.change, ruleset, version);
  const fields = synthesis.values.map((value) => value.field);
  return {
    widens: effects.widened.filter((rule) => rule !== synthesis.rule),
    lowOnly: fields.length > 0 && fields.every((field) => fieldRole(field) === 'low'),
    volatile: synthesis.values
      .filter((value) => value.comp === '=' || value.comp === '==' || value.comp === 'in')
      .filter((value) => !(value.field === 'container.id' && value.value === 'host'))
      .filter((value) => stableForm(value.field, value.value).kind !== 'exact')
      .map((value) => value.field),
  };
}
