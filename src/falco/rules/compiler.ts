/**
 * Turns what the collector gathered into the loaded ruleset, as Falco's `rule_loader::compiler::compile`: lists
 * (nested names expanded), macros, then rules; then, when nothing failed, warnings for lists and macros no rule or
 * macro refers to.
 */
import { SYNTHETIC } from '../condition/index.js';
import type { Collector, RuleInfo } from './collector.js';
import type { CompileContext, ParseCache } from './compile-context.js';
import { warn } from './compile-context.js';
import { ProblemLocator } from './catalog-check.js';
import { compileMacros } from './compile-macros.js';
import { compileRules, type CompiledRule } from './compile-rules.js';
import type { ExceptionInfo } from './exception-validation.js';
import type { FieldCatalog } from '../fields/index.js';
import {
  expandLists,
  findListReferences,
  makeListTable,
  quoteItem,
  type ListEntry,
  type ListTable,
} from './list-substitution.js';
import { unusedListMessage, unusedMacroMessage } from './legacy-messages.js';
import { MSG } from './messages.js';
import type {
  Diagnostic,
  LoadedList,
  LoadedMacro,
  LoadedRule,
  NameReference,
  RuleException,
  Ruleset,
} from './model.js';
import { buildUsage } from './usage.js';
import type { LoaderFeatures } from './version-gates.js';

export interface CompileResult {
  readonly ruleset: Ruleset;
  readonly errors: readonly Diagnostic[];
  readonly warnings: readonly Diagnostic[];
}

function toException(ex: ExceptionInfo): RuleException {
  return {
    name: ex.name,
    ...(ex.fields === undefined ? {} : { fields: ex.fields }),
    ...(ex.comps === undefined ? {} : { comps: ex.comps }),
    values: ex.values,
    definedAt: ex.at,
  };
}

function ruleListRefs(rule: CompiledRule, listNames: ListTable): NameReference[] {
  const own = findListReferences(rule.info.cond.text, listNames);
  const extra =
    rule.fullCondition.length > rule.info.cond.text.length + 2
      ? rule.fullCondition.slice(rule.info.cond.text.length + 2)
      : '';
  const fromExceptions = findListReferences(extra, listNames).map((ref) => ({
    name: ref.name,
    span: SYNTHETIC,
  }));
  return [...own, ...fromExceptions];
}

function toRule(rule: CompiledRule, listNames: ListTable): LoadedRule {
  const info: RuleInfo = rule.info;
  return {
    name: info.name,
    source: info.source,
    enabled: info.enabled,
    priority: info.priority,
    desc: info.desc,
    output: info.output.text,
    tags: [...info.tags].sort(),
    capture: info.capture,
    captureDuration: info.captureDuration,
    warnEvttypes: info.warnEvttypes,
    skipIfUnknownFilter: info.skipIfUnknownFilter,
    condition: info.cond.text,
    exceptions: info.exceptions.map(toException),
    ...(rule.compiled === undefined ? {} : { compiled: rule.compiled }),
    usesLists: ruleListRefs(rule, listNames),
    usesMacros: rule.macroRefs,
    definedAt: info.definedAt,
    updates: info.updates,
  };
}

export function compileCollected(
  collector: Collector,
  features: LoaderFeatures,
  fields: FieldCatalog | undefined,
  parseCache: ParseCache = new Map(),
): CompileResult {
  const listInfos = [...collector.lists.values()];
  const expanded = expandLists(listInfos, features.generation === 'lua');
  const table: ListEntry[] = listInfos.map((list) => {
    const items = expanded.get(list.name)?.items ?? [];
    return { name: list.name, joined: items.map(quoteItem).join(', '), empty: items.length === 0 };
  });
  const ctx: CompileContext = {
    features,
    parseCache,
    fields,
    lists: makeListTable(table),
    usedLists: new Set(),
    usedMacros: new Set(),
    errors: [],
    warnings: [],
    locator: undefined,
  };
  // A list named inside another list counts as used, except in the Lua loader before 0.28 (falco commit 91bfa379,
  // "Properly note lists in other lists as used", first in 0.28.0).
  if (features.wording !== 'lua-0.2x')
    for (const entry of expanded.values()) for (const name of entry.nested) ctx.usedLists.add(name);

  const macroInfos = [...collector.macros.values()];
  const macros = compileMacros(ctx, macroInfos);
  if (fields !== undefined)
    ctx.locator = new ProblemLocator(fields, features.version, (name) => macros.compiled.get(name)?.parsed);
  const rules = compileRules(ctx, [...collector.rules.values()], macros.compiled, macros.failed);

  if (ctx.errors.length === 0) {
    const wording = features.wording;
    for (const macro of macroInfos)
      if (!ctx.usedMacros.has(macro.name))
        warn(
          ctx,
          'LOAD_UNUSED_MACRO',
          unusedMacroMessage(wording, macro.name, MSG.unusedMacro),
          macro.definedAt,
          {
            kind: 'macro',
            name: macro.name,
          },
        );
    for (const list of listInfos)
      if (!ctx.usedLists.has(list.name))
        warn(ctx, 'LOAD_UNUSED_LIST', unusedListMessage(wording, list.name, MSG.unusedList), list.definedAt, {
          kind: 'list',
          name: list.name,
        });
  }

  const listNames = ctx.lists;
  const lists: LoadedList[] = listInfos.map((list) => ({
    name: list.name,
    items: [...list.items],
    resolvedItems: expanded.get(list.name)?.items ?? [],
    nestedLists: expanded.get(list.name)?.nested ?? [],
    definedAt: list.definedAt,
    updates: list.updates,
  }));
  const loadedMacros: LoadedMacro[] = macroInfos.map((info) => {
    const compiled = macros.compiled.get(info.name);
    return {
      name: info.name,
      condition: info.cond.text,
      ...(compiled?.compiled === undefined ? {} : { compiled: compiled.compiled }),
      usesLists: findListReferences(info.cond.text, listNames),
      usesMacros: compiled?.macroRefs ?? [],
      definedAt: info.definedAt,
      updates: info.updates,
    };
  });
  const loadedRules = rules.map((rule) => toRule(rule, listNames));
  const usage = buildUsage(
    loadedRules.map((rule) => ({
      name: rule.name,
      lists: rule.usesLists.map((r) => r.name),
      macros: rule.usesMacros.map((r) => r.name),
    })),
    loadedMacros.map((macro) => ({
      name: macro.name,
      lists: macro.usesLists.map((r) => r.name),
      macros: macro.usesMacros.map((r) => r.name),
    })),
    lists.map((list) => ({ name: list.name, nested: list.nestedLists })),
  );
  const engine = collector.requiredEngineVersion;
  return {
    ruleset: {
      rules: loadedRules,
      macros: loadedMacros,
      lists,
      ...(engine === undefined ? {} : { requiredEngineVersion: engine.join('.') }),
      requiredPluginVersions: collector.pluginRequirements,
      listUsage: usage.listUsage,
      macroUsage: usage.macroUsage,
    },
    errors: ctx.errors,
    warnings: ctx.warnings,
  };
}
