/**
 * The collector: Falco's `rule_loader::collector`, which gathers lists, macros and rules across every file in load
 * order, applying definitions, appends, selective replaces and standalone `enabled` items. It only records text;
 * the compiler parses and expands afterwards.
 *
 * Visibility: every define/append bumps one counter shared by all item kinds. An item keeps the `index` of its first
 * definition and takes the latest counter as its `visibility`; a macro (or nested list) can only see items whose
 * index is lower than its own visibility, which is how Falco orders macros that use other macros.
 */
import {
  updateKeys,
  type CollectorEnv,
  type ListInfo,
  type MacroInfo,
  type RuleInfo,
  type RuleUpdate,
} from './collected.js';
import { isValidEntry, validateException } from './exception-validation.js';
import { LEGACY_MSG, usesLegacyWords } from './legacy-messages.js';
import { MSG } from './messages.js';
import type { ItemUpdate, PluginRequirement, SourcePosition } from './model.js';
import { appendToRule, concatText, replaceInRule } from './rule-update.js';
import type { MappedText } from './source-map.js';
import { ItemFailure } from './yaml-access.js';

export type { CollectorEnv, ListInfo, MacroInfo, RuleInfo, RuleUpdate } from './collected.js';

export class Collector {
  readonly lists = new Map<string, ListInfo>();
  readonly macros = new Map<string, MacroInfo>();
  readonly rules = new Map<string, RuleInfo>();
  readonly pluginRequirements: PluginRequirement[][] = [];
  requiredEngineVersion: readonly [number, number, number] | undefined;
  private counter = 0;

  constructor(private readonly env: CollectorEnv) {}

  private next(): number {
    return this.counter++;
  }

  defineEngineVersion(version: readonly [number, number, number]): void {
    const current = this.requiredEngineVersion;
    if (current === undefined || compareVersions(version, current) > 0) this.requiredEngineVersion = version;
  }

  definePlugins(alternatives: PluginRequirement[], offset: number): void {
    const names = new Set<string>();
    for (const requirement of alternatives) {
      if (!/^\d+\.\d+\.\d+/.test(requirement.version))
        throw new ItemFailure(
          MSG.pluginVersionInvalid(requirement.version, requirement.name),
          offset,
          'LOAD_ERR_VALIDATE',
        );
      if (names.has(requirement.name))
        throw new ItemFailure(MSG.pluginDuplicate(requirement.name), offset, 'LOAD_ERR_VALIDATE');
      names.add(requirement.name);
    }
    this.pluginRequirements.push(alternatives);
  }

  defineList(name: string, items: string[], at: SourcePosition): void {
    const id = this.next();
    const prev = this.lists.get(name);
    const updates: ItemUpdate[] = prev === undefined ? [] : [{ kind: 'redefine', at, keys: ['items'] }];
    this.lists.set(name, { name, items, index: prev?.index ?? id, visibility: id, definedAt: at, updates });
  }

  appendList(
    name: string,
    items: readonly string[],
    at: SourcePosition,
    offset: number,
    kind: 'append' | 'override-append',
  ): void {
    const prev = this.lists.get(name);
    if (prev === undefined) throw new ItemFailure(this.noPrevious('list', name), offset, 'LOAD_ERR_VALIDATE');
    prev.items.push(...items);
    prev.visibility = this.next();
    prev.updates.push({ kind, at, keys: ['items'] });
  }

  defineMacro(name: string, cond: MappedText, at: SourcePosition): void {
    const id = this.next();
    const prev = this.macros.get(name);
    const updates: ItemUpdate[] = prev === undefined ? [] : [{ kind: 'redefine', at, keys: ['condition'] }];
    this.macros.set(name, { name, cond, index: prev?.index ?? id, visibility: id, definedAt: at, updates });
  }

  appendMacro(
    name: string,
    cond: MappedText,
    at: SourcePosition,
    offset: number,
    kind: 'append' | 'override-append',
  ): void {
    const prev = this.macros.get(name);
    if (prev === undefined)
      throw new ItemFailure(this.noPrevious('macro', name), offset, 'LOAD_ERR_VALIDATE');
    prev.cond = concatText(prev.cond, cond, at);
    prev.visibility = this.next();
    prev.updates.push({ kind, at, keys: ['condition'] });
  }

  defineRule(
    info: Omit<RuleInfo, 'index' | 'visibility' | 'unknownSource' | 'updates'>,
    offset: number,
  ): void {
    const prev = this.rules.get(info.name);
    if (prev !== undefined && prev.source !== info.source)
      throw new ItemFailure(MSG.redefinedSource, offset, 'LOAD_ERR_VALIDATE');
    const unknownSource = !this.env.isKnownSource(info.source);
    if (unknownSource)
      this.env.warn(
        'LOAD_UNKNOWN_SOURCE',
        usesLegacyWords(this.env.features.wording)
          ? LEGACY_MSG.unknownSource('Rule', info.name, info.source)
          : MSG.unknownSource(info.source),
        offset,
      );
    for (const ex of info.exceptions) {
      if (!isValidEntry(ex.fields))
        throw new ItemFailure(
          usesLegacyWords(this.env.features.wording)
            ? LEGACY_MSG.exceptionNeedsFields(ex.name)
            : MSG.exceptionNeedsFieldsDefine,
          ex.offset,
          'LOAD_ERR_VALIDATE',
        );
      validateException(ex, this.env.features, unknownSource ? undefined : this.env.isField);
    }
    const id = this.next();
    const updates: ItemUpdate[] =
      prev === undefined ? [] : [{ kind: 'redefine', at: info.definedAt, keys: [] }];
    this.rules.set(info.name, { ...info, index: prev?.index ?? id, visibility: id, unknownSource, updates });
  }

  /** `append: true` or `override: {key: append}`. */
  appendRule(update: RuleUpdate): void {
    const prev = this.rules.get(update.name);
    if (prev === undefined)
      throw new ItemFailure(this.noPrevious('rule', update.name), update.offset, 'LOAD_ERR_VALIDATE');
    const keys = updateKeys(update);
    if (keys.length === 0) throw new ItemFailure(MSG.appendNeedsValue, update.offset, 'LOAD_ERR_VALIDATE');
    appendToRule(prev, update, this.env);
    prev.visibility = this.next();
    prev.updates.push({ kind: update.kind, at: update.at, keys });
  }

  /** `override: {key: replace}`. */
  replaceRule(update: RuleUpdate): void {
    const prev = this.rules.get(update.name);
    if (prev === undefined)
      throw new ItemFailure(MSG.noPreviousRuleReplace, update.offset, 'LOAD_ERR_VALIDATE');
    const keys = updateKeys(update);
    if (keys.length === 0) throw new ItemFailure(MSG.replaceNeedsValue, update.offset, 'LOAD_ERR_VALIDATE');
    replaceInRule(prev, update, this.env);
    prev.visibility = this.next();
    prev.updates.push({ kind: 'override-replace', at: update.at, keys });
  }

  enableRule(
    name: string,
    enabled: boolean,
    at: SourcePosition,
    offset: number,
    notFound: string = MSG.enableNoRule,
  ): void {
    const prev = this.rules.get(name);
    if (prev === undefined) throw new ItemFailure(notFound, offset, 'LOAD_ERR_VALIDATE');
    prev.enabled = enabled;
    prev.updates.push({ kind: 'enable', at, keys: ['enabled'] });
  }

  private noPrevious(kind: 'list' | 'macro' | 'rule', name: string): string {
    // 0.32's rule_loader.cpp kept the Lua sentences; 0.33 to 0.36 dropped the name.
    if (usesLegacyWords(this.env.features.wording))
      return kind === 'list'
        ? LEGACY_MSG.luaNoPreviousList(name)
        : kind === 'macro'
          ? LEGACY_MSG.luaNoPreviousMacro(name)
          : LEGACY_MSG.luaNoPreviousRule(name);
    if (this.env.features.generation === 'cpp')
      return kind === 'list'
        ? LEGACY_MSG.cppNoPreviousList
        : kind === 'macro'
          ? LEGACY_MSG.cppNoPreviousMacro
          : LEGACY_MSG.cppNoPreviousRule;
    return kind === 'list'
      ? MSG.noPreviousList
      : kind === 'macro'
        ? MSG.noPreviousMacro
        : MSG.noPreviousRuleAppend;
  }
}

function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}
