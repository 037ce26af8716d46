/**
 * Exception synthesis, verification and impact: the public surface for the CLI (`except`, `simulate`), explain and
 * the Slack modal. Import from here; the files behind it may move.
 */
export type {
  AlertSubject,
  ChangeForm,
  ExceptionSpec,
  FieldChoice,
  MatchKind,
  Refusal,
  RefusalCode,
  RulesChange,
  Strategy,
  Synthesis,
  WrittenValue,
} from './types.js';
export { alertSubject, fieldValueText } from './alert-subject.js';
export { changeForm, exceptionName, synthesize } from './synthesize.js';
export { renderItem, valuesRow } from './render.js';
export { suggestExceptions, type SuggestInput, type Suggestion } from './suggest.js';
export { fieldOptions, PATH_FIELDS, SCOPE_FIELDS, type FieldOption } from './field-choices.js';
export { ruleUses, type ListUseSite, type MacroUseSite, type RuleUses } from './negated-uses.js';
export {
  changeEffects,
  nameChangeEffects,
  type ChangeEffects,
  type Movement,
  type NameChange,
  type RuleEffect,
} from './effects.js';
export {
  chooseScope,
  defaultScope,
  fieldRole,
  isIdentity,
  scopedField,
  scopeWarnings,
  type ChosenScope,
  type DefaultScope,
  type FieldRole,
  type NoSafeScope,
  type ScopedField,
} from './scope-policy.js';
export { stableForm, type StableForm } from './volatile-values.js';
export { alreadyExcepted, type AlreadyExceptedInput } from './already-excepted.js';
export { verify, newDiagnostics, type Broader, type Verification, type VerifyInput } from './verify.js';
export {
  BROAD_IMPACT,
  describeImpact,
  evaluateAlert,
  impactWarnings,
  planImpact,
  previewImpact,
  summarizeImpact,
  type AlertImpact,
  type ExceptedBy,
  type ImpactAlert,
  type ImpactPlan,
  type ImpactSummary,
  type ImpactVerdict,
  type PlanOptions,
  type RuleImpact,
} from './impact/index.js';
// YAML text the rules-file editor writes the same way exceptions are rendered.
export { yamlScalar } from './yaml-scalar.js';
export { commentLine } from './render.js';
