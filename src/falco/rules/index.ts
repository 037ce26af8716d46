/**
 * The rules loader's public API: load rules files (and Helm values files) as a given Falco version does, and
 * read the resulting ruleset. Everything else in this folder is internal.
 */
export { loadRules, DEFAULT_SOURCES, type LoadOptions } from './load.js';
export type {
  CompiledCondition,
  Diagnostic,
  ExceptionEntry,
  FileLoadResult,
  ItemKind,
  ItemUpdate,
  LoadResult,
  LoadedList,
  LoadedMacro,
  LoadedRule,
  NameReference,
  NameUsage,
  PluginRequirement,
  Priority,
  RuleException,
  Ruleset,
  RulesFileInput,
  SourcePosition,
  UpdateKind,
} from './model.js';
export type { LoadErrorCode, LoadWarningCode } from './messages.js';
export { exceptionCondition } from './exception-condition.js';
export { parenItem, quoteItem } from './list-substitution.js';
export { PRIORITIES, parsePriority } from './priority.js';
export { expandHelmValues, looksLikeHelmValues } from './helm-values.js';
export {
  formatGithub,
  formatJson,
  formatSummary,
  formatText,
  jsonRule,
  type JsonRule,
} from './format-result.js';
export { loaderFeatures, type LoaderFeatures, type LoaderGeneration } from './version-gates.js';
