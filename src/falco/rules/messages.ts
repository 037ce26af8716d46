/**
 * Falco's load-result codes and message texts, copied from falcosecurity/falco `userspace/engine/`
 * (`falco_load_result.h`, `rule_loading_messages.h`, `rule_loader_reader.cpp`, `rule_loader_collector.cpp`,
 * `rule_loader_compiler.cpp`) so users can search Falco's docs and issues with what we print. Older loaders
 * (Lua before 0.32, C++ 0.32 to 0.36) worded some errors differently; those variants are in `legacy-messages.ts`.
 *
 * Codes starting with `TRIAGE_` are ours: facts Falco does not report but that change what a rules file means on the
 * chosen version (e.g. an `override:` that Falco 0.36 silently ignores, or a macro loop that crashes Falco 0.33).
 *
 * Falco before 0.33 had no codes: for those releases a diagnostic carries the code Falco 0.33 gave the same problem.
 * LOAD_UNKNOWN_FIELD is the 0.33 to 0.35 name of LOAD_UNKNOWN_FILTER (renamed in 0.36.0).
 */

export type LoadErrorCode =
  | 'LOAD_ERR_FILE_READ'
  | 'LOAD_ERR_YAML_PARSE'
  | 'LOAD_ERR_YAML_VALIDATE'
  | 'LOAD_ERR_COMPILE_CONDITION'
  | 'LOAD_ERR_COMPILE_OUTPUT'
  | 'LOAD_ERR_VALIDATE'
  | 'LOAD_ERR_EXTENSION'
  | 'TRIAGE_FALCO_CRASH';

export type LoadWarningCode =
  | 'LOAD_UNKNOWN_SOURCE'
  | 'LOAD_UNSAFE_NA_CHECK'
  | 'LOAD_NO_EVTTYPE'
  | 'LOAD_UNKNOWN_FILTER'
  | 'LOAD_UNKNOWN_FIELD'
  | 'LOAD_UNUSED_MACRO'
  | 'LOAD_UNUSED_LIST'
  | 'LOAD_UNKNOWN_ITEM'
  | 'LOAD_DEPRECATED_ITEM'
  | 'LOAD_WARNING_EXTENSION'
  | 'LOAD_APPEND_NO_VALUES'
  | 'LOAD_EXCEPTION_NAME_NOT_UNIQUE'
  | 'LOAD_INVALID_MACRO_NAME'
  | 'LOAD_INVALID_LIST_NAME'
  | 'LOAD_COMPILE_CONDITION'
  | 'LOAD_UNKNOWN_KEY'
  | 'TRIAGE_IGNORED_BY_VERSION'
  | 'TRIAGE_HELM_VALUES';

export const RGX_IDENTIFIER = '([a-zA-Z]+[a-zA-Z0-9_]*)';
export const RGX_BARESTR = '([^()"\'[:space:]=,]+)';

export const MSG = {
  warningAppend:
    "'append' key is deprecated. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.",
  warningEnabled:
    "The standalone 'enabled' key usage is deprecated. The correct approach requires also a 'replace' entry under the 'override' key (i.e. 'enabled: replace').",
  errorOverrideAppend:
    "Keys 'override' and 'append: true' cannot be used together. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.",
  noPreviousMacro:
    "Macro uses 'append' or 'override.condition: append' but no macro by that name already exists",
  noPreviousList: "List uses 'append' or 'override.items: append' but no list by that name already exists",
  noPreviousRuleAppend:
    "Rule uses 'append' or 'override.<key>: append' but no rule by that name already exists",
  noPreviousRuleReplace:
    "An 'override.<key>: replace' to a rule was requested but no rule by that name already exists",
  invalidListName: `List has an invalid name. List names should match a regular expression: ${RGX_BARESTR}`,
  invalidMacroName: `Macro has an invalid name. Macro names should match a regular expression: ${RGX_IDENTIFIER}`,
  notMap: 'Unexpected element type. Each element should be a yaml associative array.',
  notYaml: 'Rules content is not yaml',
  notArray: 'Rules content is not yaml array of objects',
  unknownItem: 'Unknown top level item',
  noMapping: (key: string) => `Item has no mapping for key '${key}'`,
  emptyMapping: (key: string) => `Mapping for key '${key}' is empty`,
  notScalar: 'Value is not a scalar value',
  emptyValue: 'Value must be non-empty',
  cantDecode: "Can't decode YAML scalar value",
  notSequence: 'Value is not a sequence',
  seqNotScalar: 'sequence value is not scalar',
  unknownKey: (key: string) => `Unknown key '${key}'`,
  invalidPriority: 'Invalid priority',
  engineTooOld: (required: string, engine: string) =>
    `Rules require engine version ${required}, but engine version is ${engine}`,
  engineVersion: (text: string) =>
    `Unable to parse engine version '${text}' as a semver string. Expected "x.y.z" semver format.`,
  overrideCannotAppend: (key: string) => `Key '${key}' cannot be appended to, use 'replace' instead`,
  overrideCannotReplace: (key: string) => `Key '${key}' cannot be replaced`,
  overrideInvalidOp: (key: string, op: string, ops: readonly string[]) =>
    `Invalid override operation for key '${key}': '${op}'. Allowed values are: ${ops.map((o) => `${o} `).join('')}`,
  overrideNotDefined: (type: 'append' | 'replace', key: string) =>
    `An ${type} override for '${key}' was specified but '${key}' is not defined`,
  overrideUnexpectedKey: (key: string) =>
    `Unexpected key '${key}': no corresponding entry under 'override' is defined.`,
  exceptionsNotSeq: 'Rule exceptions must be a sequence',
  exceptionNotMap: 'Rule exception must be a mapping',
  exceptionValuesNotSeq: 'Rule exception values must be a sequence',
  exceptionDuplicate: (name: string) => `Multiple definitions of exception '${name}' in the same rule`,
  appendNoValues: 'Overriding/appending exception with no values',
  exceptionNeedsFieldsDefine: 'Rule exception item must have fields property with a list of fields',
  exceptionNeedsFields: 'Rule exception must have fields property with a list of fields',
  exceptionNeedsValues: 'Rule exception must have values property with a list of values',
  exceptionAppendFields: 'Can not append exception fields to existing exception, only values',
  exceptionAppendComps: 'Can not append exception comps to existing exception, only values',
  fieldsCompsLength: 'Fields and comps lists must have equal length',
  fieldsCompsStrings: 'Fields and comps must both be strings',
  singleFieldComps: 'When fields is a single value, comps must be one of (in, pmatch, intersects)',
  singleFieldCompsModifiers:
    "When fields is a single value, comps must be one of (in, pmatch, intersects) or a string operator with a modifier (e.g. 'startswith oneof')",
  unsupportedOperator: (op: string) => `'${op}' is not a supported comparison operator`,
  unsupportedField: (field: string) => `'${field}' is not a supported filter field`,
  valuesNotStrings: 'Expected values array to contain a list of strings',
  fieldsValuesLength: 'Fields and values lists must have equal length',
  redefinedSource: 'Rule has been re-defined with a different source',
  enableNoRule: "Rule has 'enabled' key but no rule by that name already exists",
  appendNeedsValue: 'Appended rule must have exceptions or condition property',
  replaceNeedsValue: 'The rule must have at least one field that can be replaced',
  unknownSource: (source: string) => `Unknown source ${source}, skipping`,
  undefinedMacro: (name: string) => `Undefined macro '${name}' used in filter.`,
  macroLoop: (name: string) => `reference loop in macro '${name}'`,
  unusedMacro: 'Macro not referred to by any other rule/macro',
  unusedList: 'List not referred to by any other rule/macro',
  noEvttype: 'Rule matches too many evt.type values. This has a significant performance penalty.',
  unsafeNaCheck:
    "comparing a field value with <NA> is unsafe and can lead to unpredictable behavior of the rule condition. If you need to  check for the existence of a field, consider using the 'exists' operator instead.",
  deprecatedFieldCondition: (field: string) =>
    `usage of deprecated field '${field}' has been detected in the rule condition`,
  deprecatedFieldOutput: (field: string) =>
    `usage of deprecated field '${field}' has been detected in the rule output`,
  containerInfo:
    '%container.info is deprecated and no more useful, and will be dropped by Falco 1.0.0. The container plugin will automatically add required fields to the output message.',
  fieldAsConst: (value: string) => `'${value}' may be a valid field misused as a const string value`,
  transformerAsConst: (value: string) =>
    `'${value}' may be a valid field transformer misused as a const string value`,
  unknownEventType: (name: string) => `unknown event type ${name}`,
  unknownField: (field: string) => `filter_check called with nonexistent field ${field}`,
  invalidOutputToken: (token: string) => `invalid formatting token ${token}`,
  pluginVersionsNotSeq: 'Value of required_plugin_versions must be a sequence',
  pluginVersionNotMap: 'Plugin version must be a mapping',
  pluginAlternativesNotSeq: 'Value of plugin version alternatives must be a sequence',
  pluginAlternativeNotMap: 'Plugin version alternative must be a mapping',
  pluginVersionInvalid: (version: string, name: string) =>
    `Invalid required version '${version}' for plugin '${name}'`,
  pluginDuplicate: (name: string) => `Defined multiple alternative version requirements for plugin '${name}'`,
  tooDeep: 'Condition is too deeply nested to compile',
} as const;

export { LEGACY_MSG } from './legacy-messages.js';

/** Our own notes on what an older Falco silently does. */
export const TRIAGE_MSG = {
  overrideIgnoredList: (version: string) =>
    `'override' is not supported before Falco 0.37; Falco ${version} ignores it and this item REPLACES the whole list. Use 'append: true' instead.`,
  overrideIgnoredMacro: (version: string) =>
    `'override' is not supported before Falco 0.37; Falco ${version} ignores it and this item REPLACES the whole macro. Use 'append: true' instead.`,
  overrideIgnoredRule: (version: string) =>
    `'override' is not supported before Falco 0.37; Falco ${version} ignores it. Use 'append: true' instead.`,
  exceptionsIgnored: (version: string) =>
    `'exceptions' are not supported before Falco 0.28; Falco ${version} ignores them. Append a condition or extend a list or macro instead.`,
  macroLoopCrash: (version: string, name: string) =>
    `reference loop in macro '${name}': Falco ${version} has no loop detection (added in Falco 0.34.0), resolving this macro recurses without end and crashes Falco while loading the rules`,
  helmEntry: (key: string) => `customRules entry '${key}' is not a string of rules YAML`,
  helmNoRules: 'customRules is not a map of file names to rules YAML; nothing to load',
} as const;
