/**
 * `verify(input)`: the proof a proposal needs before it becomes a pull request. Loads the base rules with the custom
 * file before and after the edit, as the target Falco would, and checks that
 * - the edit adds no error and no warning (compared by code, message and item, since lines move);
 * - the triggering alert is now excepted (what the change adds matches it);
 * - the change is specific: the same alert with each chosen field's value altered still fires;
 * and reports the impact over a set of alerts.
 */
import type { FieldCatalog } from '../fields/index.js';
import { compileCondition, type Truth } from '../eval/index.js';
import { loadRules, type Diagnostic, type LoadResult, type RulesFileInput } from '../rules/index.js';
import type { FalcoVersion } from '../version.js';
import {
  evaluateAlert,
  planImpact,
  summarizeImpact,
  type AlertImpact,
  type ImpactAlert,
  type ImpactSummary,
} from './impact/index.js';
import { exceptionFieldTypes } from './field-types.js';
import type { Synthesis, WrittenValue } from './types.js';

export interface VerifyInput {
  /** The default rules (and any other files loaded before the custom file), in load order. */
  readonly base: readonly RulesFileInput[];
  /** The custom file's name, as reported in diagnostics. */
  readonly customName: string;
  readonly customBefore: string;
  readonly customAfter: string;
  readonly synthesis: Synthesis;
  /** The alert the exception is for. */
  readonly alert: ImpactAlert;
  readonly falcoVersion: FalcoVersion;
  readonly fields?: FieldCatalog;
  /** Stored alerts to report the impact over. */
  readonly alerts?: Iterable<ImpactAlert>;
  /** The load of base + customBefore, when the caller has it already. */
  readonly before?: LoadResult;
}

export interface Broader {
  readonly field: string;
  readonly value: string;
}

export interface Verification {
  readonly ok: boolean;
  /** What failed, in words; empty when ok. */
  readonly problems: readonly string[];
  readonly newErrors: readonly Diagnostic[];
  readonly newWarnings: readonly Diagnostic[];
  /** The triggering alert after the edit. */
  readonly alert: AlertImpact;
  /** The rule's whole compiled condition on the alert's fields (often `unknown`: outputs print few fields). */
  readonly condition: Truth;
  /** Altered copies of the alert that were checked, and those the change wrongly excepts. */
  readonly specificity: { readonly checked: number; readonly broader: readonly Broader[] };
  readonly impact?: ImpactSummary;
  readonly after: LoadResult;
}

function diagnosticKey(d: Diagnostic): string {
  return `${d.severity}\u0000${d.code}\u0000${d.message}\u0000${d.item?.kind ?? ''}\u0000${d.item?.name ?? ''}`;
}

/** Diagnostics of `after` that `before` does not have (as a multiset). */
export function newDiagnostics(before: readonly Diagnostic[], after: readonly Diagnostic[]): Diagnostic[] {
  const counts = new Map<string, number>();
  for (const d of before) counts.set(diagnosticKey(d), (counts.get(diagnosticKey(d)) ?? 0) + 1);
  const out: Diagnostic[] = [];
  for (const d of after) {
    const key = diagnosticKey(d);
    const left = counts.get(key) ?? 0;
    if (left > 0) counts.set(key, left - 1);
    else out.push(d);
  }
  return out;
}

/**
 * Values of the same field that must not be excepted: the alert's value altered at both ends and in case. A glob
 * is altered only where it is literal (its `*` ends match anything there by design).
 */
export function alteredValues(written: WrittenValue, alertValue: string): string[] {
  if (written.comp === 'glob') {
    const variants = [alertValue.toUpperCase(), alertValue.toLowerCase()];
    if (!written.value.endsWith('*')) variants.push(`${alertValue}x`, alertValue.slice(0, -1));
    if (!written.value.startsWith('*')) variants.push(`x${alertValue}`, alertValue.slice(1));
    return [...new Set(variants)].filter((variant) => variant !== alertValue && variant !== written.value);
  }
  const variants =
    written.comp === 'startswith' || written.comp === 'pmatch'
      ? [`x${alertValue}`, `#${written.value}`, written.value === '' ? 'x' : written.value.slice(0, -1)]
      : [
          `${alertValue}x`,
          `x${alertValue}`,
          alertValue.slice(0, -1),
          alertValue.toUpperCase(),
          alertValue.toLowerCase(),
        ];
  if (written.comp === 'pmatch') variants.push(`${written.value.replace(/\/+$/, '')}x`);
  return [...new Set(variants)].filter((variant) => variant !== alertValue && variant !== written.value);
}

function describe(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.message}`;
}

/** When a later item replaces what we appended to, say so (e.g. a values file entry that loads after ours). */
function replacedLater(after: LoadResult, synthesis: Synthesis): string {
  const change = synthesis.change;
  const item =
    change.kind === 'macro'
      ? after.ruleset.macros.find((m) => m.name === change.macro)
      : change.kind === 'list'
        ? after.ruleset.lists.find((l) => l.name === change.list)
        : after.ruleset.rules.find((r) => r.name === change.rule);
  const last = item?.updates[item.updates.length - 1];
  if (last === undefined || (last.kind !== 'redefine' && last.kind !== 'override-replace')) return '';
  return `; ${change.kind === 'exception' || change.kind === 'condition' ? 'rule' : change.kind} "${synthesis.target}" is replaced later (${last.at.file}:${last.at.line}), which drops what was appended before it: edit the file or entry that loads last instead`;
}

export function verify(input: VerifyInput): Verification {
  const options = {
    falcoVersion: input.falcoVersion,
    ...(input.fields === undefined ? {} : { fields: input.fields }),
  };
  const before =
    input.before ??
    loadRules([...input.base, { name: input.customName, content: input.customBefore }], options);
  const after = loadRules([...input.base, { name: input.customName, content: input.customAfter }], options);
  const problems: string[] = [];
  const newErrors = newDiagnostics(before.errors, after.errors);
  const newWarnings = newDiagnostics(before.warnings, after.warnings);
  if (newErrors.length > 0)
    problems.push(`the edit adds ${newErrors.length} error(s): ${newErrors.map(describe).join('; ')}`);
  if (newWarnings.length > 0)
    problems.push(`the edit adds ${newWarnings.length} warning(s): ${newWarnings.map(describe).join('; ')}`);

  const evalOptions = { fieldType: exceptionFieldTypes(input.fields) };
  const plan = planImpact(before.ruleset, after.ruleset, {
    falcoVersion: input.falcoVersion,
    eval: evalOptions,
  });
  const alert = evaluateAlert(plan, input.alert);
  if (alert.verdict === 'still-fires')
    problems.push(
      `the alert still fires after the edit: nothing the edit adds matches it${replacedLater(after, input.synthesis)}`,
    );
  else if (alert.verdict === 'unknown')
    problems.push(`cannot tell whether the alert is excepted: ${alert.reason ?? ''}`);
  else if (alert.by?.kind === 'condition' && input.synthesis.strategy !== 'condition')
    problems.push(
      `the alert is excepted by a change of the rule's condition, not by the ${input.synthesis.strategy} added`,
    );

  const rule = after.ruleset.rules.find((candidate) => candidate.name === input.alert.rule);
  const condition: Truth =
    rule?.compiled === undefined
      ? 'unknown'
      : compileCondition(rule.compiled.ast, evalOptions)(input.alert.fields);

  const broader: Broader[] = [];
  let checked = 0;
  for (const written of input.synthesis.values) {
    const original = input.alert.fields[written.field];
    const alertValue = typeof original === 'string' ? original : String(original);
    for (const value of alteredValues(written, alertValue)) {
      checked++;
      const altered = { ...input.alert, fields: { ...input.alert.fields, [written.field]: value } };
      if (evaluateAlert(plan, altered).verdict === 'excepted') broader.push({ field: written.field, value });
    }
  }
  if (broader.length > 0)
    problems.push(
      `the edit also excepts other values: ${broader.map((b) => `${b.field}=${JSON.stringify(b.value)}`).join(', ')}`,
    );

  const impact = input.alerts === undefined ? undefined : summarizeImpact(plan, input.alerts);
  return {
    ok: problems.length === 0,
    problems,
    newErrors,
    newWarnings,
    alert,
    condition,
    specificity: { checked, broader },
    ...(impact === undefined ? {} : { impact }),
    after,
  };
}
