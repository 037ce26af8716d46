/**
 * `alreadyExcepted(input)`: whether the custom rules (a rules repository's file at some commit) already except an
 * alert, and by what. Before the bot re-applies an approved exception on a moved base, it asks this: when another
 * change merged since (the same exception by hand, a list item another proposal added) already silences the alert,
 * the pull request would add nothing and is left for people to close.
 *
 * The alert fired, so the default rules' condition held for it; what the custom rules add on top (exceptions, list
 * items, macro and condition appends) is evaluated on its fields with the same reduction as the impact preview.
 * `unknown` (the alert lacks a field an added part reads) does not count as excepted.
 */
import type { FieldCatalog } from '../fields/index.js';
import type { Ruleset } from '../rules/index.js';
import type { FalcoVersion } from '../version.js';
import { exceptionFieldTypes } from './field-types.js';
import { evaluateAlert, planImpact, type ExceptedBy, type ImpactAlert } from './impact/index.js';

export interface AlreadyExceptedInput {
  /** The default rules loaded alone (what the alert fired under, before any custom file). */
  readonly defaults: Ruleset;
  /** The default rules with the custom file at the commit in question. */
  readonly withCustom: Ruleset;
  readonly alert: ImpactAlert;
  readonly falcoVersion: FalcoVersion;
  readonly fields?: FieldCatalog;
}

/** What excepts the alert in `withCustom`, or undefined when it would still fire (or cannot tell). */
export function alreadyExcepted(input: AlreadyExceptedInput): ExceptedBy | undefined {
  const plan = planImpact(input.defaults, input.withCustom, {
    falcoVersion: input.falcoVersion,
    eval: { fieldType: exceptionFieldTypes(input.fields) },
  });
  const verdict = evaluateAlert(plan, input.alert);
  return verdict.verdict === 'excepted' ? verdict.by : undefined;
}
