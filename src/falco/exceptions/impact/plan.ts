/**
 * The impact of a rules change on stored alerts: compile once (per changed rule, what the change adds, reduced by
 * what each alert's having fired already proves), then evaluate each alert in microseconds. Rules the change does not
 * touch are not evaluated at all: their alerts still fire.
 *
 * Verdicts: `excepted` (a part of the new condition is false for the alert: named in `by`), `still-fires` (every
 * part the change touched is true), `unknown` (the alert lacks a field the new part reads).
 */
import type { CompiledCondition, EvalOptions, FieldValues } from '../../eval/index.js';
import type { LoadedList, Ruleset } from '../../rules/index.js';
import { NEWEST_VERSION, type FalcoVersion } from '../../version.js';
import { knownsFrom, NO_KNOWNS } from './knowns.js';
import { ruleConjuncts, type ExceptedBy } from './origins.js';
import { reduceCondition, type Reduced } from './reduce.js';
import { printCondition } from '../../condition/index.js';
import { defaultFieldTypes } from '../field-types.js';

/** What the impact functions read from a stored alert (an `Alert` has all of it). */
export interface ImpactAlert {
  readonly rule: string;
  readonly fields: FieldValues;
  readonly hostname?: string | undefined;
}

export type ImpactVerdict = 'excepted' | 'still-fires' | 'unknown';

export interface AlertImpact {
  readonly verdict: ImpactVerdict;
  readonly by?: ExceptedBy;
  /** Why `unknown`. */
  readonly reason?: string;
}

/** One part of a changed rule's condition that can decide an alert's fate. */
export interface PlanPart {
  readonly test: CompiledCondition;
  readonly origin: ExceptedBy;
  /** The part as it is evaluated (after reduction), for explanations. */
  readonly text: string;
}

export type RulePlan =
  | { readonly kind: 'changed'; readonly parts: readonly PlanPart[] }
  | { readonly kind: 'disabled' }
  | { readonly kind: 'unknown'; readonly reason: string };

export interface ImpactPlan {
  /** Only the rules whose alerts may change; a known rule that is absent here is unchanged. */
  readonly rules: ReadonlyMap<string, RulePlan>;
  /** Every rule of the ruleset after the change. */
  readonly knownRules: ReadonlySet<string>;
}

export interface PlanOptions {
  readonly falcoVersion?: FalcoVersion;
  /** How alerts are read; default: the declared types of the fields exceptions use (field-types.ts). */
  readonly eval?: EvalOptions;
}

const DEFAULT_EVAL: EvalOptions = { fieldType: defaultFieldTypes };

export function evalOptions(options: PlanOptions): EvalOptions {
  return options.eval ?? DEFAULT_EVAL;
}

const STILL_FIRES: AlertImpact = { verdict: 'still-fires' };

/** The fate of one alert under the plan. */
export function evaluateAlert(plan: ImpactPlan, alert: ImpactAlert): AlertImpact {
  const rule = plan.rules.get(alert.rule);
  if (rule === undefined) {
    return plan.knownRules.has(alert.rule)
      ? STILL_FIRES
      : { verdict: 'unknown', reason: `rule "${alert.rule}" is not in the loaded rules` };
  }
  if (rule.kind === 'disabled')
    return { verdict: 'excepted', by: { kind: 'rule-disabled', name: alert.rule } };
  if (rule.kind === 'unknown') return { verdict: 'unknown', reason: rule.reason };
  let undecided: PlanPart | undefined;
  for (const part of rule.parts) {
    const result = part.test(alert.fields);
    if (result === 'false') return { verdict: 'excepted', by: part.origin };
    if (result === 'unknown') undecided ??= part;
  }
  if (undecided === undefined) return STILL_FIRES;
  return {
    verdict: 'unknown',
    reason: `the alert does not show whether ${undecided.text} holds`,
    by: undecided.origin,
  };
}

/** Parts that can still decide something (constant-true parts dropped). */
export function planParts(
  reduced: readonly { readonly reduced: Reduced; readonly origin: ExceptedBy }[],
): PlanPart[] {
  const out: PlanPart[] = [];
  for (const { reduced: part, origin } of reduced) {
    if (part.kind === 'constant') {
      if (part.value === 'true') continue;
      const value = part.value;
      out.push({ test: () => value, origin, text: value });
      continue;
    }
    out.push({ test: part.test, origin, text: printCondition(part.expr) });
  }
  return out;
}

function sameItems(a: LoadedList | undefined, b: LoadedList): boolean {
  return (
    a !== undefined &&
    a.resolvedItems.length === b.resolvedItems.length &&
    a.resolvedItems.every((item, i) => item === b.resolvedItems[i])
  );
}

/**
 * The plan for going from `before` to `after` (both loaded rulesets). Alerts are assumed raised under `before`; with
 * no `before`, whole conditions are evaluated (mostly `unknown`, since alerts carry only their output's fields).
 */
export function planImpact(
  before: Ruleset | undefined,
  after: Ruleset,
  options: PlanOptions = {},
): ImpactPlan {
  const version = options.falcoVersion ?? NEWEST_VERSION;
  const previous = new Map((before?.rules ?? []).map((rule) => [rule.name, rule]));
  const previousLists = new Map((before?.lists ?? []).map((list) => [list.name, list]));
  const changedLists = new Set(
    after.lists.filter((list) => !sameItems(previousLists.get(list.name), list)).map((list) => list.name),
  );
  const rules = new Map<string, RulePlan>();
  for (const rule of after.rules) {
    const old = previous.get(rule.name);
    if (!rule.enabled) {
      rules.set(rule.name, { kind: 'disabled' });
      continue;
    }
    if (rule.compiled === undefined) {
      rules.set(rule.name, { kind: 'unknown', reason: `rule "${rule.name}" does not compile` });
      continue;
    }
    if (old?.enabled === true && old.compiled?.text === rule.compiled.text) continue;
    const knowns = old?.compiled === undefined ? NO_KNOWNS : knownsFrom(old.compiled.ast);
    const conjuncts = ruleConjuncts(rule, after, version, changedLists);
    const parts = planParts(
      conjuncts.map((conjunct) => ({
        reduced: reduceCondition(conjunct.expr, knowns, evalOptions(options)),
        origin: conjunct.origin,
      })),
    );
    if (parts.length > 0) rules.set(rule.name, { kind: 'changed', parts });
  }
  return { rules, knownRules: new Set(after.rules.map((rule) => rule.name)) };
}
