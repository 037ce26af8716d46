/**
 * The false-positive modal's model: for an alert, which fields can scope an exception (with the alert's values),
 * which strategies are possible (rule exception, a list or macro with the other rules it would also silence, a
 * condition append on old Falco), the default choice, and for any choice the YAML it would add and what it would
 * have silenced among the stored alerts of the last N days. Everything is computed here, server-side, from stored
 * state: the modal only carries the group id and the user's choices, which are re-validated on submission.
 */
import type { Alert } from '../../falco/alert/index.js';
import {
  alertSubject,
  defaultScope,
  fieldOptions,
  impactWarnings,
  scopeWarnings,
  suggestExceptions,
  synthesize,
  type AlertSubject,
  type FieldChoice,
  type FieldOption,
  type ImpactSummary,
  type MatchKind,
  type Strategy,
  type Synthesis,
} from '../../falco/exceptions/index.js';
import { err, ok, type Result } from '../../result.js';
import type { StoredAlert, DraftProblem, SelectionProblem, TargetRef } from '../ports/index.js';
import { reviveAlert } from '../alerts/index.js';
import type { CustomRulesNote, DeployedRules } from '../deployed-rules/index.js';
import { targetRef, type Target, type Targets } from '../targets/index.js';
import { storedImpactWithTotal, type ImpactDeps } from './stored-impact.js';

export interface StrategyOption {
  /** `exception`, `condition`, `list:<name>` or `macro:<name>`. */
  readonly id: string;
  readonly strategy: Strategy;
  readonly target: string;
  readonly alsoAffects: readonly string[];
  /** Other rules it would make fire more: choosing it needs an explicit confirmation. */
  readonly firesMore: readonly string[];
  /** The fields the strategy tests (a list: the field the rule checks the list against). */
  readonly fields: readonly string[];
  readonly refused?: string;
  /** Why it may not stop this alert (the alert lacks the fields to tell). */
  readonly uncertain?: string;
}

export interface DraftSelection {
  readonly fields: readonly { readonly field: string; readonly match: MatchKind }[];
  readonly strategyId: string;
}

/** What a selection would write and would have silenced, or why it cannot be written. */
export type DraftPreview = Result<
  {
    readonly synthesis: Synthesis;
    readonly impact: ImpactSummary;
    /** What looks broader than a false positive: the scope's fields, or the impact on stored alerts. */
    readonly warnings: readonly string[];
    readonly windowDays: number;
  },
  SelectionProblem
>;

/** Where a draft starts: an alert group's message, or one stored alert (a pasted /falco explain alert). */
export type DraftSource = { readonly groupId: string } | { readonly alertId: string };

export interface ExceptionDraft {
  readonly source: DraftSource;
  /** The alert group, when the draft started from one (its thread gets the proposal). */
  readonly groupId: string | null;
  readonly alertId: string;
  readonly alert: Alert;
  readonly fieldOptions: readonly FieldOption[];
  readonly strategies: readonly StrategyOption[];
  readonly selection: DraftSelection;
  readonly falcoVersion: string;
  /** Where the exception goes: the target's repository, rules file and Falco version. */
  readonly target: TargetRef;
  /** Why the rules repository's custom rules are missing or stale in this draft. */
  readonly note: CustomRulesNote | undefined;
  /** Why no field is preselected (the alert carries no safe default scope), when none is. */
  readonly scopeProblem: string | undefined;
}

export interface DraftContext {
  readonly draft: ExceptionDraft;
  readonly subject: AlertSubject;
  readonly rules: DeployedRules;
  readonly target: Target;
}

export interface DraftDeps extends ImpactDeps {
  readonly targets: Targets;
}

function strategyId(strategy: Strategy, target: string): string {
  return strategy === 'list' || strategy === 'macro' ? `${strategy}:${target}` : strategy;
}

/**
 * Loads the alert behind a group (or a stored alert) and the rules of its target, and works out the modal's options.
 * `targetName`: the target recorded with a proposal (the pull request job), instead of the alert's.
 */
export async function openDraft(
  deps: DraftDeps,
  source: DraftSource,
  targetName?: string,
): Promise<Result<DraftContext, DraftProblem>> {
  let row: StoredAlert | undefined;
  let groupId: string | null = null;
  if ('groupId' in source) {
    const group = await deps.store.groups.get(source.groupId);
    if (group === undefined) return err({ code: 'group_not_found' });
    groupId = group.id;
    row = await deps.store.alerts.get(group.firstAlertId);
  } else {
    row = await deps.store.alerts.get(source.alertId);
  }
  if (row === undefined) return err({ code: 'alert_not_stored' });
  const name = targetName ?? row.falcoTarget ?? null;
  const target = deps.targets.of(name);
  if (target === undefined) {
    return err(
      name === null
        ? { code: 'no_target', hostname: row.hostname, source: row.source }
        : { code: 'target_unknown', target: name },
    );
  }
  if (target.repo === undefined && !deps.targets.implicit)
    return err({ code: 'target_without_repository', target: target.name });
  const rules = await target.rules.current();
  if (!rules.ok) return rules;
  const alert = reviveAlert(row);
  const ruleset = rules.value.load.ruleset;
  if (!ruleset.rules.some((rule) => rule.name === alert.rule))
    return err({ code: 'rule_not_loaded', rule: alert.rule });
  const subject = alertSubject(alert);
  const options = fieldOptions(subject);
  const scope = defaultScope(subject);
  const byField = new Map(scope.ok ? scope.value.fields.map((choice) => [choice.field, choice]) : []);
  const preselected = options.filter((option) => option.usable && byField.has(option.field));
  // Without a safe default nothing is preselected, but every strategy stays available for the fields the person
  // picks: which ones are possible is asked with all the usable fields.
  const fields = scope.ok
    ? undefined
    : options.filter((option) => option.usable).map((option) => ({ field: option.field }));
  const suggestions = suggestExceptions({
    alert: subject,
    ruleset,
    falcoVersion: rules.value.falcoVersion,
    ...(fields === undefined || fields.length === 0 ? {} : { fields }),
  });
  const strategies: StrategyOption[] = suggestions.map((suggestion) => ({
    id: strategyId(suggestion.strategy, suggestion.target),
    strategy: suggestion.strategy,
    target: suggestion.target,
    alsoAffects: suggestion.alsoAffects,
    firesMore: suggestion.firesMore,
    fields: suggestion.fields,
    ...(suggestion.refused === undefined ? {} : { refused: suggestion.refused }),
    ...(suggestion.uncertain === undefined ? {} : { uncertain: suggestion.uncertain }),
  }));
  const first = strategies.find((option) => option.refused === undefined) ?? strategies[0];
  return ok({
    subject,
    rules: rules.value,
    target,
    draft: {
      source,
      groupId,
      alertId: row.id,
      alert,
      fieldOptions: options,
      strategies,
      selection: {
        fields: preselected.map((option) => ({ field: option.field, match: option.match })),
        strategyId: first?.id ?? 'exception',
      },
      falcoVersion: `${rules.value.falcoVersion.major}.${rules.value.falcoVersion.minor}.${rules.value.falcoVersion.patch}`,
      target: targetRef(target),
      note: rules.value.note,
      scopeProblem: scope.ok ? undefined : scope.error.message,
    },
  });
}

/**
 * A ticked field as the exception matches it: a path prefix when asked, else as the policy offered it, a glob over
 * the stable part of a volatile value (the modal carries field names only; the pattern is recomputed here).
 */
function fieldChoice(draft: ExceptionDraft, choice: DraftSelection['fields'][number]): FieldChoice {
  const option = draft.fieldOptions.find((candidate) => candidate.field === choice.field);
  if ((choice.match === 'exact' || choice.match === 'glob') && option?.pattern !== undefined)
    return { field: choice.field, match: 'glob', value: option.pattern };
  return { field: choice.field, match: choice.match === 'glob' ? 'exact' : choice.match };
}

/** Synthesises the selected exception (no impact yet), or says why the choice cannot be written. */
export function synthesizeSelection(
  context: DraftContext,
  selection: DraftSelection,
  annotation?: string,
): Result<Synthesis, SelectionProblem> {
  const option = context.draft.strategies.find((candidate) => candidate.id === selection.strategyId);
  if (option === undefined) return err({ code: 'no_strategy' });
  if (option.refused !== undefined) return err({ code: 'strategy_refused', reason: option.refused });
  const fields = selection.fields.map((choice) => fieldChoice(context.draft, choice));
  if (fields.length === 0 && (option.strategy === 'exception' || option.strategy === 'condition'))
    return err({ code: 'no_fields' });
  const result = synthesize({
    strategy: option.strategy,
    ...(option.strategy === 'list' || option.strategy === 'macro' ? { target: option.target } : {}),
    // A list takes the alert's value of the field the rule checks it against: the field choice is implied.
    fields: option.strategy === 'list' ? option.fields : fields,
    alert: context.subject,
    ruleset: context.rules.load.ruleset,
    falcoVersion: context.rules.falcoVersion,
    ...(annotation === undefined ? {} : { annotation }),
  });
  return result.ok ? ok(result.value) : err({ code: 'not_synthesizable', reason: result.error.message });
}

/** The YAML and the impact over stored alerts for a selection. */
export async function previewSelection(
  deps: DraftDeps,
  context: DraftContext,
  selection: DraftSelection,
): Promise<DraftPreview> {
  const synthesis = synthesizeSelection(context, selection);
  if (!synthesis.ok) return synthesis;
  const { summary, ruleTotal } = await storedImpactWithTotal(deps, context.rules, synthesis.value);
  const warnings = [
    ...scopeWarnings(context.subject, synthesis.value.fields),
    ...impactWarnings(summary, synthesis.value.rule, ruleTotal),
  ];
  return ok({ synthesis: synthesis.value, impact: summary, warnings, windowDays: deps.impactWindowDays });
}
