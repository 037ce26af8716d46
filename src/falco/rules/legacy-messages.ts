/**
 * How the loaders before 0.33 worded what they reported, from falcosecurity/falco at those tags: the Lua loader
 * (`userspace/engine/lua/rule_loader.lua`, `compiler.lua`, `sinsp_rule_utils.lua`; 0.2x without exceptions, 0.28 to
 * 0.31 with them) and the first C++ loader of 0.32 (`rule_loader.cpp`, `rule_reader.cpp`), which kept most Lua
 * sentences. 0.33 to 0.36 shortened a few of the "no previous item" errors (the `cpp*` entries).
 *
 * Multi-line messages (the Lua no-evttype warnings) are joined into one line; the condition Falco echoed between
 * their lines is left out, as the diagnostic already points at the rule.
 */
import type { Wording } from './version-gates.js';

export const LEGACY_MSG = {
  cppNoPreviousList: "List has 'append' key but no list by that name already exists",
  cppNoPreviousMacro: "Macro has 'append' key but no macro by that name already exists",
  cppNoPreviousRule: "Rule has 'append' key but no rule by that name already exists",
  luaNoPreviousList: (name: string) =>
    `List ${name} has 'append' key but no list by that name already exists`,
  luaNoPreviousMacro: (name: string) =>
    `Macro ${name} has 'append' key but no macro by that name already exists`,
  luaNoPreviousRule: (name: string) =>
    `Rule ${name} has 'append' key but no rule by that name already exists`,
  luaRuleProperty: (key: string) => `Rule must have property ${key}`,
  luaMacroProperty: (key: string) => `Macro must have property ${key}`,
  luaListProperty: (key: string) => `List must have property ${key}`,
  luaInvalidPriority: (priority: string) => `Invalid priority level: ${priority}`,
  luaEngineVersionNumber: 'Value of required_engine_version must be a number',
  luaAppendFields: 'Can not append exception fields to existing rule, only values',
  luaAppendComps: 'Can not append exception comps to existing rule, only values',
  luaNoMatchingException: (rule: string, name: string) =>
    `Rule ${rule} with append=true: no set of fields matching name ${name}`,
  luaUnknownItem: 'Unknown top level object',
  /** 0.28 to 0.30: checked first for every rule item, so a standalone `enabled:` item fails with it. */
  luaConditionOrExceptions: 'Rule must have exceptions or condition property',
  /** 0.31: a rule item missing a property but carrying `enabled`. */
  luaEnabledNoRule: (name: string) =>
    `Rule ${name} has 'enabled' key only, but no rule by that name already exists`,
  cpp032RuleProperties: "Rule must have properties 'condition', 'output', 'desc', and 'priority'",
  cpp032EnabledNoRule: (name: string) =>
    `Rule ${name} has 'enabled' key but no rule by that name already exists`,
  // Exceptions, Lua 0.28 to 0.31 and C++ 0.32 alike.
  exceptionNeedsName: 'Rule exception item must have name property',
  exceptionNeedsFields: (name: string) =>
    `Rule exception item ${name}: must have fields property with a list of fields`,
  newExceptionNeedsFields: (name: string) =>
    `Rule exception new item ${name}: must have fields property with a list of fields`,
  newExceptionNeedsValues: (name: string) =>
    `Rule exception new item ${name}: must have values property with a list of values`,
  /** 0.32's `rule_loader.cpp` L494 says "fields" where it means values. */
  cpp032NewExceptionNeedsValues: (name: string) =>
    `Rule exception new item ${name}: must have fields property with a list of values`,
  fieldsCompsLength: (name: string) =>
    `Rule exception item ${name}: fields and comps lists must have equal length`,
  fieldsCompsStrings: (name: string) => `Rule exception item ${name}: fields and comps must both be strings`,
  unsupportedOperator: (name: string, op: string) =>
    `Rule exception item ${name}: comparison operator ${op} is not a supported comparison operator`,
  unsupportedField: (name: string, field: string) =>
    `Rule exception item ${name}: field name ${field} is not a supported filter field`,
  valuesNotStrings: (name: string) => `Expected values array for item ${name} to contain a list of strings`,
  fieldsValuesLength: (name: string) =>
    `Exception item ${name}: fields and values lists must have equal length`,
  // Compiling.
  macroCompilation: (condition: string, message: string) =>
    `Compilation error when compiling "${condition}": ${message}`,
  /** Lua 0.2x to 0.30 (`sinsp_rule_utils.lua` L107/L129): a Lua error that aborts the whole load. */
  luaUnknownEvent: (name: string, condition: string) =>
    `Unknown event/syscall "${name}" in filter: ${condition}`,
  /** Lua 0.31 (libs filter via `lua_parser_api`) and C++ 0.32: the libs error behind the rule's name. */
  ruleError: (rule: string, message: string) => `Rule ${rule}: error ${message}`,
  luaNoEvttype: (rule: string) =>
    `Rule ${rule}: warning (no-evttype): did not contain any evt.type restriction, meaning it will run for all event types. This has a significant performance penalty. Consider adding an evt.type restriction if possible.`,
  luaTrailingEvttype: (rule: string) =>
    `Rule ${rule}: warning (trailing-evttype): does not have all evt.type restrictions at the beginning of the condition, or uses a negative match (i.e. "not"/"!=") for some evt.type restriction. This has a performance penalty, as the rule can not be limited to specific event types. Consider moving all evt.type restrictions to the beginning of the rule and/or replacing negative matches with positive matches if possible.`,
  /** Lua 0.31 and C++ 0.32. */
  tooManyEvttypes: (rule: string) =>
    `Rule ${rule}: warning (no-evttype): matches too many evt.type values. This has a significant performance penalty.`,
  unknownSource: (kind: 'Rule' | 'Macro', name: string, source: string) =>
    `${kind} ${name}: warning (unknown-source): unknown source ${source}, skipping`,
} as const;

/** The unused macro warning in the words of each loader. */
export function unusedMacroMessage(wording: Wording, name: string, modern: string): string {
  switch (wording) {
    case 'lua-0.2x':
      return `Warning: macro ${name} not refered to by any rule/macro`;
    case 'lua':
      return `macro ${name} not refered to by any rule/macro`;
    case 'cpp-0.32':
      return `macro ${name} not referred to by any rule/macro`;
    case 'cpp':
      return modern;
  }
}

/** The unused list warning in the words of each loader. */
export function unusedListMessage(wording: Wording, name: string, modern: string): string {
  switch (wording) {
    case 'lua-0.2x':
      return `Warning: list ${name} not refered to by any rule/macro/list`;
    case 'lua':
      return `list ${name} not refered to by any rule/macro/list`;
    case 'cpp-0.32':
      return `list ${name} not referred to by any rule/macro/list`;
    case 'cpp':
      return modern;
  }
}

/** Whether the loader used the Lua-era sentences (which 0.32 kept for most errors). */
export function usesLegacyWords(wording: Wording): boolean {
  return wording !== 'cpp';
}
