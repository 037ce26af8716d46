/**
 * `suggestExceptions(input)`: the ways to silence one false positive, best first, for the explain output and the
 * Slack modal's defaults. Ranked by what else a change does (effects.ts): first the changes that reach no other
 * rule, then those that silence other rules too (fewest first), then those that make another rule fire more, which
 * are never first while anything else is possible. Among equals, on Falco 0.32+ a named exception on the rule comes
 * first, then the rule's `user_known_*`-style macros and negated lists, then a condition append; before 0.32 the
 * lists come first, as in the original how-to. A strategy that cannot be built safely for this alert is still
 * listed, last, with `refused` saying why.
 */
import type { Ruleset } from '../rules/index.js';
import { supports, type FalcoVersion } from '../version.js';
import { fieldValueText } from './alert-subject.js';
import { defaultScope, fieldRole } from './scope-policy.js';
import { stableForm } from './volatile-values.js';
import { changeEffects, nameChangeEffects, otherRuleEffects } from './effects.js';
import { ruleUses } from './negated-uses.js';
import { synthesize } from './synthesize.js';
import { evaluateAlert, previewImpact } from './impact/index.js';
import type { AlertSubject, FieldChoice, Strategy, Synthesis } from './types.js';

export interface SuggestInput {
  readonly alert: AlertSubject;
  /** The ruleset as deployed: default rules plus the custom rules. */
  readonly ruleset: Ruleset;
  readonly falcoVersion: FalcoVersion;
  /** Fields for the exception, macro and condition suggestions; default: the scope-safety policy's (defaultScope). */
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
  /** Other rules the change would make fire more (they use the list or macro without "not"). */
  readonly firesMore: readonly string[];
  readonly refused?: string;
  /** Why the change may not stop this alert (the alert lacks fields the list or macro is checked together with). */
  readonly uncertain?: string;
  /** The full synthesis, to apply and verify (absent when refused). */
  readonly synthesis?: Synthesis;
}

/** Macros Falco's rules provide for users to extend (`user_known_*`, `user_*`). */
function isUserMacro(name: string): boolean {
  return name.startsWith('user_');
}

/**
 * A list item is matched exactly (`in`) by every rule using the list: the policy's limits apply to it as to any
 * default scope. A low-discrimination field (`user.name in (known_users)`) would turn the rule off for everyone with
 * that value; a volatile value would never match again.
 */
function listRefusal(list: string, field: string, value: string): string | undefined {
  if (fieldRole(field) === 'low')
    return `list "${list}" holds values of ${field}: adding "${value}" would silence the rule for every event with ${field} = ${value}, not just this false positive`;
  const form = stableForm(field, value);
  if (form.kind !== 'exact')
    return `the value of ${field} will not repeat (${form.reason}), and list "${list}" matches exactly`;
  return undefined;
}

function fieldNames(fields: readonly (string | FieldChoice)[]): string[] {
  return fields.map((field) => (typeof field === 'string' ? field : field.field));
}

export function suggestExceptions(input: SuggestInput): Suggestion[] {
  const { alert, ruleset, falcoVersion } = input;
  const rule = ruleset.rules.find((candidate) => candidate.name === alert.rule);
  if (rule === undefined) return [];
  const scope = input.fields === undefined ? defaultScope(alert) : undefined;
  const fields = input.fields ?? (scope?.ok === true ? scope.value.fields : []);
  // Without a safe default there is nothing to build: say why rather than scope by whatever the alert has.
  const noScope = scope?.ok === false ? scope.error.message : undefined;
  const annotation = input.annotation === undefined ? {} : { annotation: input.annotation };

  const build = (
    strategy: Strategy,
    target: string,
    chosen: readonly (string | FieldChoice)[],
    refuse?: string,
  ): Suggestion => {
    const result: ReturnType<typeof synthesize> =
      refuse !== undefined
        ? { ok: false, error: { code: 'bad_choice', message: refuse } }
        : synthesize({
            strategy,
            ...(strategy === 'list' || strategy === 'macro' ? { target } : {}),
            fields: chosen,
            alert,
            ruleset,
            falcoVersion,
            ...annotation,
          });
    const fate = result.ok ? alertFate(result.value) : undefined;
    const missed = fate?.verdict === 'still-fires' ? fate.reason : undefined;
    if (result.ok && missed === undefined) {
      const s = result.value;
      return {
        ...(fate?.verdict === 'unknown' ? { uncertain: fate.reason } : {}),
        strategy,
        target: s.target,
        fields: s.fields,
        yaml: s.yaml,
        alsoAffects: s.alsoAffects,
        firesMore: s.firesMore,
        synthesis: s,
      };
    }
    const effects = otherRuleEffects(
      strategy === 'list' || strategy === 'macro'
        ? nameChangeEffects(ruleset, falcoVersion, { kind: strategy, name: target, movement: 'grows' })
        : changeEffects({ kind: 'condition', rule: rule.name, condition: '' }, ruleset, falcoVersion),
      rule.name,
    );
    return {
      strategy,
      target,
      fields: fieldNames(chosen),
      yaml: '',
      ...effects,
      refused: missed ?? (result.ok ? '' : result.error.message),
    };
  };

  /**
   * A list or macro that the rule checks together with other conditions (`not (proc.name in (plesk_binaries) and
   * fd.name startswith /etc/sw/keys)`) does not stop an alert that fails those: such a change is no suggestion.
   */
  const alertFate = (
    synthesis: Synthesis,
  ): { readonly verdict: 'still-fires' | 'unknown'; readonly reason: string } | undefined => {
    if (synthesis.change.kind !== 'list' && synthesis.change.kind !== 'macro') return undefined;
    const plan = previewImpact(synthesis, ruleset, { falcoVersion, only: new Set([alert.rule]) });
    const fate = evaluateAlert(plan, alert);
    const what = `${synthesis.change.kind} "${synthesis.target}"`;
    if (fate.verdict === 'still-fires')
      return {
        verdict: 'still-fires',
        reason: `${what} is checked together with other conditions this alert does not meet: extending it would not stop this alert`,
      };
    if (fate.verdict === 'unknown')
      return {
        verdict: 'unknown',
        reason: `${what} may not stop this alert: ${fate.reason ?? 'the alert lacks fields'}`,
      };
    return undefined;
  };

  const uses = ruleUses(rule, ruleset, falcoVersion);

  const macroNames = [
    ...new Set(uses.macros.filter((use) => use.negated && isUserMacro(use.macro)).map((use) => use.macro)),
  ];
  const macros = macroNames.map((name) => build('macro', name, fields, noScope));

  // Lists checked negated against a field the alert has a value for; one suggestion per list.
  const seen = new Set<string>();
  const lists: Suggestion[] = [];
  for (const use of uses.lists) {
    const value = fieldValueText(alert, use.field);
    if (!use.negated || seen.has(use.list) || !value.ok) continue;
    seen.add(use.list);
    lists.push(build('list', use.list, [use.field], listRefusal(use.list, use.field, value.value)));
  }

  const exception = build('exception', rule.name, fields, noScope);
  const condition = build('condition', rule.name, fields, noScope);
  const modern = supports(falcoVersion, 'exception-append-new-name');
  const ordered = modern
    ? [exception, ...macros, ...lists, condition]
    : [...lists, ...macros, condition, exception];
  const rank = (s: Suggestion): readonly number[] => [
    Number(s.refused !== undefined),
    Number(s.firesMore.length > 0),
    Number(s.uncertain !== undefined),
    s.alsoAffects.length,
    s.firesMore.length,
  ];
  const byRank = (a: Suggestion, b: Suggestion): number => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < ra.length; i += 1) {
      const d = (ra[i] ?? 0) - (rb[i] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  };
  // Array.prototype.sort is stable: the strategy order above decides among equals.
  return ordered.sort(byRank);
}
