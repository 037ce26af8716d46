/**
 * `suggestExceptions(input)`: the ways to silence one false positive, best first, for the explain output and the
 * Slack modal's defaults. On Falco 0.32+ the first is a named exception on the rule alone (it silences nothing
 * else); then the rule's `user_known_*`-style macros and negated lists (each names the other rules it would also
 * silence, fewest first); then a condition append. Before 0.32 the list comes first, as in the original how-to.
 * A strategy that cannot be built safely for this alert is still listed, with `refused` saying why.
 */
import type { Ruleset } from '../rules/index.js';
import { supports, type FalcoVersion } from '../version.js';
import { defaultFields, fieldValueText } from './field-choices.js';
import { ruleUses } from './negated-uses.js';
import { synthesize } from './synthesize.js';
import type { AlertSubject, FieldChoice, Strategy, Synthesis } from './types.js';

export interface SuggestInput {
  readonly alert: AlertSubject;
  /** The ruleset as deployed: default rules plus the custom rules. */
  readonly ruleset: Ruleset;
  readonly falcoVersion: FalcoVersion;
  /** Fields for the exception, macro and condition suggestions; default: actor plus target (defaultFields). */
  readonly fields?: readonly (string | FieldChoice)[];
  readonly annotation?: string;
}

/** One way to silence the alert, in the explain output's shape (`refused` when it cannot be offered). */
export interface Suggestion {
  readonly strategy: Strategy;
  /** The rule, list or macro changed. */
  readonly target: string;
  readonly fields: readonly string[];
  /** The item to add to the custom rules ('' when refused). */
  readonly yaml: string;
  /** Other rules the change would also silence. */
  readonly alsoAffects: readonly string[];
  /** Other rules that use the list or macro positively and would fire more. */
  readonly firesMore?: readonly string[];
  readonly refused?: string;
  /** The full synthesis, to apply and verify (absent when refused). */
  readonly synthesis?: Synthesis;
}

/** Macros Falco's rules provide for users to extend (`user_known_*`, `user_*`). */
function isUserMacro(name: string): boolean {
  return name.startsWith('user_');
}

function fieldNames(fields: readonly (string | FieldChoice)[]): string[] {
  return fields.map((field) => (typeof field === 'string' ? field : field.field));
}

export function suggestExceptions(input: SuggestInput): Suggestion[] {
  const { alert, ruleset, falcoVersion } = input;
  const rule = ruleset.rules.find((candidate) => candidate.name === alert.rule);
  if (rule === undefined) return [];
  const fields = input.fields ?? defaultFields(alert);
  const annotation = input.annotation === undefined ? {} : { annotation: input.annotation };

  const build = (
    strategy: Strategy,
    target: string,
    chosen: readonly (string | FieldChoice)[],
  ): Suggestion => {
    const result = synthesize({
      strategy,
      ...(strategy === 'list' || strategy === 'macro' ? { target } : {}),
      fields: chosen,
      alert,
      ruleset,
      falcoVersion,
      ...annotation,
    });
    if (result.ok) {
      const s = result.value;
      return {
        strategy,
        target: s.target,
        fields: s.fields,
        yaml: s.yaml,
        alsoAffects: s.alsoAffects,
        ...(s.firesMore.length > 0 ? { firesMore: s.firesMore } : {}),
        synthesis: s,
      };
    }
    const alsoAffects =
      strategy === 'list'
        ? (ruleset.listUsage.get(target)?.rules ?? []).filter((name) => name !== rule.name)
        : strategy === 'macro'
          ? (ruleset.macroUsage.get(target)?.rules ?? []).filter((name) => name !== rule.name)
          : [];
    return {
      strategy,
      target,
      fields: fieldNames(chosen),
      yaml: '',
      alsoAffects: [...new Set(alsoAffects)].sort(),
      refused: result.error.message,
    };
  };

  const uses = ruleUses(rule, ruleset, falcoVersion);
  const blast = (suggestion: Suggestion): number => suggestion.alsoAffects.length;
  const byBlast = (a: Suggestion, b: Suggestion): number =>
    Number(a.refused !== undefined) - Number(b.refused !== undefined) || blast(a) - blast(b);

  const macroNames = [
    ...new Set(uses.macros.filter((use) => use.negated && isUserMacro(use.macro)).map((use) => use.macro)),
  ];
  const macros = macroNames.map((name) => build('macro', name, fields)).sort(byBlast);

  // Lists checked negated against a field the alert has a value for; one suggestion per list.
  const seen = new Set<string>();
  const lists: Suggestion[] = [];
  for (const use of uses.lists) {
    if (!use.negated || seen.has(use.list) || !fieldValueText(alert, use.field).ok) continue;
    seen.add(use.list);
    lists.push(build('list', use.list, [use.field]));
  }
  lists.sort(byBlast);

  const exception = build('exception', rule.name, fields);
  const condition = build('condition', rule.name, fields);
  const modern = supports(falcoVersion, 'exception-append-new-name');
  const ordered = modern
    ? [exception, ...macros, ...lists, condition]
    : [...lists, ...macros, condition, exception];
  // Usable suggestions first, keeping the order above among them.
  return [
    ...ordered.filter((s) => s.refused === undefined),
    ...ordered.filter((s) => s.refused !== undefined),
  ];
}
