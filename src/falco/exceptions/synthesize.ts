/**
 * `synthesize(spec)`: one exception, exactly as the caller chose it (strategy, fields, exact or prefix match), for the
 * target Falco version. The result carries the YAML item, the structured change for the file editor and the impact
 * preview, and the condition it excepts. Every expected failure is a Refusal with a reason; nothing is thrown.
 */
import { parseCondition } from '../condition/index.js';
import type { LoadedRule, RuleException } from '../rules/index.js';
import { describeUnsupported, supports, type FalcoVersion } from '../version.js';
import { err, ok, type Result } from '../../result.js';
import { avoidConstantWarnings, resolveChoices, type ResolvedChoice } from './choices.js';
import { checkListItem, isListOperator, writeConditionValue } from './falco-token.js';
import { changeEffects, otherRuleEffects } from './effects.js';
import { ruleUses } from './negated-uses.js';
import { renderItem, valuesRow } from './render.js';
import { scalarsReadBack } from './round-trip.js';
import type { ChangeForm, ExceptionSpec, Refusal, RulesChange, Synthesis, WrittenValue } from './types.js';
import { parenItem, quoteItem } from '../rules/index.js';

const NAME_PREFIX = 'falco_triage_';

/** The bot-owned exception name for these fields and comparisons: stable, so later false positives reuse it. */
export function exceptionName(choices: readonly { readonly field: string; readonly comp: string }[]): string {
  const parts = choices.map((choice) => {
    const field = choice.field.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
    return choice.comp === '=' ? field : `${field}_${choice.comp}`;
  });
  return `${NAME_PREFIX}${parts.join('_')}`;
}

export function changeForm(version: FalcoVersion): ChangeForm {
  return supports(version, 'override') ? 'override' : 'append';
}

function refusal(code: Refusal['code'], message: string): Result<never, Refusal> {
  return err({ code, message });
}

function entryItems(entry: RuleException['fields']): string[] | undefined {
  if (entry?.kind !== 'list') return undefined;
  return entry.items.map((item) => (item.kind === 'item' ? item.item : ''));
}

/** Writes each chosen value for Falco; refuses the first that cannot be written exactly. */
function writeValues(
  choices: readonly ResolvedChoice[],
  listNames: readonly string[],
  version: FalcoVersion,
): Result<WrittenValue[], Refusal> {
  const written: WrittenValue[] = [];
  for (const choice of choices) {
    const token = writeConditionValue(choice.field, choice.comp, choice.value, listNames, version);
    if (!token.ok)
      return err({
        code: 'value_unsafe',
        field: choice.field,
        message: `cannot match ${choice.field} exactly: ${token.error}`,
      });
    written.push({ field: choice.field, comp: choice.comp, value: choice.value, token: token.value });
  }
  return ok(written);
}

function predicateOf(values: readonly WrittenValue[]): string {
  return values
    .map((v) => `${v.field} ${v.comp} ${isListOperator(v.comp) ? parenItem(v.token) : v.token}`)
    .join(' and ');
}

interface Planned {
  readonly change: RulesChange;
  readonly values: readonly WrittenValue[];
  readonly predicate: string;
  readonly target: string;
}

function planException(
  spec: ExceptionSpec,
  rule: LoadedRule,
  choices: readonly ResolvedChoice[],
): Result<Planned, Refusal> {
  const name = exceptionName(choices);
  const existing = rule.exceptions.find((exception) => exception.name === name);
  const fields = choices.map((choice) => choice.field);
  const comps = choices.map((choice) => choice.comp);
  if (existing !== undefined) {
    const same =
      JSON.stringify(entryItems(existing.fields)) === JSON.stringify(fields) &&
      JSON.stringify(entryItems(existing.comps)) === JSON.stringify(comps);
    if (!same)
      return refusal(
        'bad_choice',
        `rule "${rule.name}" already has an exception "${name}" with other fields or comparisons; edit it by hand`,
      );
    if (!supports(spec.falcoVersion, 'exceptions'))
      return refusal('unsupported_version', describeUnsupported('exceptions', spec.falcoVersion));
  } else if (!supports(spec.falcoVersion, 'exception-append-new-name')) {
    return refusal(
      'unsupported_version',
      `${describeUnsupported('exception-append-new-name', spec.falcoVersion)}; use a list, a macro or a condition instead`,
    );
  }
  const written = writeValues(
    choices,
    spec.ruleset.lists.map((list) => list.name),
    spec.falcoVersion,
  );
  if (!written.ok) return written;
  const change: RulesChange = {
    kind: 'exception',
    rule: rule.name,
    name,
    fields,
    comps,
    row: written.value.map((v) => v.token),
    exists: existing !== undefined,
  };
  return ok({ change, values: written.value, predicate: predicateOf(written.value), target: rule.name });
}

function planCondition(
  spec: ExceptionSpec,
  rule: LoadedRule,
  choices: readonly ResolvedChoice[],
): Result<Planned, Refusal> {
  const parsed = parseCondition(rule.condition, { version: spec.falcoVersion });
  if (!parsed.ok)
    return refusal(
      'not_an_exception_point',
      `the condition of "${rule.name}" does not parse: ${parsed.error.message}`,
    );
  if (parsed.value.type === 'or')
    return refusal(
      'not_an_exception_point',
      `the condition of "${rule.name}" is an "or" at the top: an appended "and not (...)" would only apply to its last part`,
    );
  const written = writeValues(
    choices,
    spec.ruleset.lists.map((list) => list.name),
    spec.falcoVersion,
  );
  if (!written.ok) return written;
  const predicate = predicateOf(written.value);
  const change: RulesChange = { kind: 'condition', rule: rule.name, condition: `and not (${predicate})` };
  return ok({ change, values: written.value, predicate, target: rule.name });
}

function planMacro(
  spec: ExceptionSpec,
  rule: LoadedRule,
  choices: readonly ResolvedChoice[],
): Result<Planned, Refusal> {
  const macro = spec.target;
  if (macro === undefined) return refusal('bad_choice', 'name the macro to extend');
  if (!spec.ruleset.macros.some((m) => m.name === macro))
    return refusal('unknown_target', `there is no macro "${macro}" in the loaded rules`);
  const uses = ruleUses(rule, spec.ruleset, spec.falcoVersion).macros.filter((use) => use.macro === macro);
  if (uses.length === 0)
    return refusal('not_an_exception_point', `rule "${rule.name}" does not use macro "${macro}"`);
  if (uses.some((use) => !use.negated))
    return refusal(
      'not_an_exception_point',
      `rule "${rule.name}" uses macro "${macro}" without "not": extending it would make the rule fire more, not less`,
    );
  const written = writeValues(
    choices,
    spec.ruleset.lists.map((list) => list.name),
    spec.falcoVersion,
  );
  if (!written.ok) return written;
  const predicate = predicateOf(written.value);
  const change: RulesChange = { kind: 'macro', macro, condition: `or (${predicate})` };
  return ok({ change, values: written.value, predicate, target: macro });
}

function planList(
  spec: ExceptionSpec,
  rule: LoadedRule,
  choices: readonly ResolvedChoice[],
): Result<Planned, Refusal> {
  const list = spec.target;
  if (list === undefined) return refusal('bad_choice', 'name the list to append to');
  if (!spec.ruleset.lists.some((l) => l.name === list))
    return refusal('unknown_target', `there is no list "${list}" in the loaded rules`);
  const [choice, extra] = choices;
  if (choice === undefined || extra !== undefined)
    return refusal(
      'bad_choice',
      `a list holds values of one field; choose the one field "${list}" is compared with`,
    );
  const uses = ruleUses(rule, spec.ruleset, spec.falcoVersion).lists.filter((use) => use.list === list);
  if (uses.length === 0)
    return refusal('not_an_exception_point', `rule "${rule.name}" does not use list "${list}"`);
  if (uses.some((use) => !use.negated))
    return refusal(
      'not_an_exception_point',
      `rule "${rule.name}" uses list "${list}" without "not": appending to it would make the rule fire more, not less`,
    );
  const onField = uses.filter((use) => use.field === choice.field);
  if (onField.length === 0)
    return refusal(
      'bad_choice',
      `rule "${rule.name}" compares list "${list}" with ${uses.map((use) => use.field).join(', ')}, not ${choice.field}`,
    );
  const exactUse = onField.some((use) => use.operator === 'in' || use.operator === 'intersects');
  if (choice.match !== 'exact' && exactUse)
    return refusal(
      'bad_choice',
      `list "${list}" is compared with "in" (exact match): a prefix would not work`,
    );
  const item = checkListItem(
    choice.value,
    uses,
    spec.ruleset.lists.map((l) => l.name),
    spec.falcoVersion,
  );
  if (!item.ok)
    return err({
      code: 'value_unsafe',
      field: choice.field,
      message: `cannot append the value of ${choice.field} to list "${list}": ${item.error}`,
    });
  const operator = onField[0]?.operator ?? 'in';
  const value: WrittenValue = { field: choice.field, comp: operator, value: choice.value, token: item.value };
  const change: RulesChange = { kind: 'list', list, items: [item.value] };
  const predicate = `${choice.field} ${operator} (${quoteItem(item.value)})`;
  return ok({ change, values: [value], predicate, target: list });
}

/** Builds the exception the caller chose, or says why it cannot be built safely. */
export function synthesize(spec: ExceptionSpec): Result<Synthesis, Refusal> {
  const rule = spec.ruleset.rules.find((candidate) => candidate.name === spec.alert.rule);
  if (rule === undefined)
    return refusal('unknown_target', `rule "${spec.alert.rule}" is not in the loaded rules`);
  const resolved = resolveChoices(spec.alert, spec.fields);
  if (!resolved.ok) return resolved;
  const choices = { value: avoidConstantWarnings(resolved.value, spec.falcoVersion) };
  const planned =
    spec.strategy === 'exception'
      ? planException(spec, rule, choices.value)
      : spec.strategy === 'condition'
        ? planCondition(spec, rule, choices.value)
        : spec.strategy === 'macro'
          ? planMacro(spec, rule, choices.value)
          : planList(spec, rule, choices.value);
  if (!planned.ok) return planned;
  const { change, values, predicate, target } = planned.value;
  const effects = otherRuleEffects(changeEffects(change, spec.ruleset, spec.falcoVersion), rule.name);
  const form = changeForm(spec.falcoVersion);
  const yaml = renderItem(change, form, spec.annotation);
  if (!scalarsReadBack(change))
    return refusal('value_unsafe', 'the YAML written for this value does not read back as the same value');
  return ok({
    strategy: spec.strategy,
    target,
    rule: rule.name,
    fields: values.map((v) => v.field),
    values,
    form,
    change,
    yaml,
    ...(change.kind === 'exception' ? { row: valuesRow(change.row, '', spec.annotation) } : {}),
    predicate,
    alsoAffects: effects.alsoAffects,
    firesMore: effects.firesMore,
    ...(spec.annotation === undefined ? {} : { annotation: spec.annotation }),
  });
}
