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
export { changeForm, exceptionName, synthesize } from './synthesize.js';
export { suggestExceptions, type SuggestInput, type Suggestion } from './suggest.js';
export {
  defaultFields,
  fieldOptions,
  fieldValueText,
  PATH_FIELDS,
  SCOPE_FIELDS,
  type FieldOption,
} from './field-choices.js';
export { ruleUses, type ListUseSite, type MacroUseSite, type RuleUses } from './negated-uses.js';
