/**
 * Reads one rules text into the collector, item by item, as Falco's `rule_loader::reader::read`: YAML documents
 * (several allowed), each a sequence of maps. Like Falco, reading a text stops at its first error; the items before
 * it stay collected.
 */
import { isMap, isSeq, parseAllDocuments, type Document } from 'yaml';
import type { Diagnostic, ItemKind } from './model.js';
import { LEGACY_MSG, MSG, TRIAGE_MSG } from './messages.js';
import { checkEngineRequirement } from './engine-requirement.js';
import { decodeOverrides, hasOverrides } from './override.js';
import { mappedScalar, positionAt, type ReaderContext } from './reader-context.js';
import { readRule } from './rule-reader.js';
import {
  ItemFailure,
  ItemMap,
  decodeOptionalBool,
  decodeString,
  decodeStringSeq,
  deref,
  isNullNode,
  offsetOf,
  requireScalar,
  scalarText,
  type YNode,
} from './yaml-access.js';

export const YAML_OPTIONS = {
  schema: 'failsafe',
  uniqueKeys: false,
  prettyErrors: false,
  strict: false,
} as const;

const KNOWN_KEYS: Readonly<Record<string, ReadonlySet<string>>> = {
  required_engine_version: new Set(['required_engine_version']),
  required_plugin_versions: new Set(['required_plugin_versions']),
  list: new Set(['list', 'items', 'append', 'override']),
  macro: new Set(['macro', 'condition', 'append', 'override']),
  rule: new Set([
    'rule',
    'condition',
    'output',
    'desc',
    'priority',
    'source',
    'enabled',
    'capture',
    'capture_duration',
    'warn_evttypes',
    'skip-if-unknown-filter',
    'tags',
    'exceptions',
    'override',
    'append',
  ]),
};

const LIST_NAME = /^[^()"'\s=,]+$/;
const MACRO_NAME = /^[a-zA-Z]+[a-zA-Z0-9_]*$/;
const ITEMS_ONLY = new Set(['items']);
const CONDITION_ONLY = new Set(['condition']);

/** Reads `ctx.input` into `ctx.collector`; returns the error that stopped it, if any. */
export function readRulesText(ctx: ReaderContext): Diagnostic | undefined {
  const docs = parseAllDocuments(ctx.input.text, YAML_OPTIONS);
  const list: Document.Parsed[] = Array.isArray(docs) ? docs : [];
  for (const doc of list) {
    const problem = doc.errors[0];
    if (problem !== undefined) return errorAt(ctx, 'LOAD_ERR_YAML_PARSE', problem.message, problem.pos[0]);
  }
  for (const doc of list) {
    const contents = deref(doc.contents, doc);
    if (contents === undefined || isNullNode(contents)) continue;
    try {
      if (!isMap(contents) && !isSeq(contents)) throw new ItemFailure(MSG.notYaml, 0);
      if (!isSeq(contents)) throw new ItemFailure(MSG.notArray, 0);
      for (const raw of contents.items) {
        const node = deref(raw, doc);
        if (node === undefined || isNullNode(node)) continue;
        readItem(ctx, node, doc);
      }
    } catch (failure) {
      if (failure instanceof ItemFailure) return errorAt(ctx, failure.code, failure.message, failure.offset);
      throw failure;
    }
  }
  return undefined;
}

function errorAt(ctx: ReaderContext, code: Diagnostic['code'], message: string, offset: number): Diagnostic {
  return { severity: 'error', code, message, ...positionAt(ctx, offset) };
}

function warnUnknownKeys(ctx: ReaderContext, map: ItemMap, kind: string, name: string): void {
  if (!ctx.features.unknownKeyWarnings) return;
  const known = KNOWN_KEYS[kind];
  if (known === undefined) return;
  const item =
    kind === 'rule' || kind === 'macro' || kind === 'list' ? { kind: kind as ItemKind, name } : undefined;
  for (const { key, offset } of map.keys)
    if (!known.has(key)) ctx.warn('LOAD_UNKNOWN_KEY', MSG.unknownKey(key), offset, item);
}

function readItem(ctx: ReaderContext, node: YNode, doc: Document.Parsed): void {
  const offset = offsetOf(node, 0);
  if (!isMap(node)) throw new ItemFailure(MSG.notMap, offset);
  const map = new ItemMap(node, doc);
  if (map.has('required_engine_version')) readEngineVersion(ctx, map, offset);
  else if (map.has('required_plugin_versions')) readPluginVersions(ctx, map, offset);
  else if (map.has('list')) readList(ctx, map, offset);
  else if (map.has('macro')) readMacro(ctx, map, offset);
  else if (map.has('rule')) {
    warnUnknownKeys(ctx, map, 'rule', decodeString(map, 'rule', offset));
    readRule(ctx, map, offset);
  } else {
    ctx.warn(
      'LOAD_UNKNOWN_ITEM',
      ctx.features.generation === 'lua' ? LEGACY_MSG.luaUnknownItem : MSG.unknownItem,
      offset,
    );
  }
}

function readEngineVersion(ctx: ReaderContext, map: ItemMap, offset: number): void {
  warnUnknownKeys(ctx, map, 'required_engine_version', '');
  const scalar = requireScalar(map, 'required_engine_version', offset);
  const checked = checkEngineRequirement(scalarText(scalar), scalar.type === 'PLAIN', ctx.features);
  if (!checked.ok)
    throw new ItemFailure(
      checked.message,
      checked.atValue ? map.valueOffset('required_engine_version') : offset,
      checked.code,
    );
  ctx.collector.defineEngineVersion(checked.required);
}

function readPluginVersions(ctx: ReaderContext, map: ItemMap, offset: number): void {
  warnUnknownKeys(ctx, map, 'required_plugin_versions', '');
  const node = map.value('required_plugin_versions');
  const seqOffset = offsetOf(node, offset);
  if (node === undefined || !isSeq(node)) throw new ItemFailure(MSG.pluginVersionsNotSeq, seqOffset);
  for (const raw of node.items) {
    const plugin = deref(raw, map.doc);
    const pluginOffset = offsetOf(plugin, seqOffset);
    if (plugin === undefined || !isMap(plugin)) throw new ItemFailure(MSG.pluginVersionNotMap, pluginOffset);
    const entry = new ItemMap(plugin, map.doc);
    const alternatives = [
      {
        name: decodeString(entry, 'name', pluginOffset),
        version: decodeString(entry, 'version', pluginOffset),
      },
    ];
    if (entry.has('alternatives')) {
      const alts = entry.value('alternatives');
      if (alts === undefined || !isSeq(alts))
        throw new ItemFailure(MSG.pluginAlternativesNotSeq, pluginOffset);
      for (const rawAlt of alts.items) {
        const alt = deref(rawAlt, map.doc);
        const altOffset = offsetOf(alt, pluginOffset);
        if (alt === undefined || !isMap(alt)) throw new ItemFailure(MSG.pluginAlternativeNotMap, altOffset);
        const altMap = new ItemMap(alt, map.doc);
        alternatives.push({
          name: decodeString(altMap, 'name', altOffset),
          version: decodeString(altMap, 'version', altOffset),
        });
      }
    }
    ctx.collector.definePlugins(alternatives, pluginOffset);
  }
}

/** The shared tail of list and macro items: `append: true` or `override: {key: append|replace}`. */
function appendMode(
  ctx: ReaderContext,
  map: ItemMap,
  offset: number,
  key: 'items' | 'condition',
  kind: 'list' | 'macro',
  name: string,
): 'define' | 'append' | 'override-append' {
  const item = { kind, name };
  const appendFlag = decodeOptionalBool(map, 'append', offset) ?? false;
  if (appendFlag && ctx.features.deprecationWarnings)
    ctx.warn('LOAD_DEPRECATED_ITEM', MSG.warningAppend, offset, item);
  if (!ctx.features.override) {
    if (map.has('override')) {
      const note = kind === 'list' ? TRIAGE_MSG.overrideIgnoredList : TRIAGE_MSG.overrideIgnoredMacro;
      ctx.warn('TRIAGE_IGNORED_BY_VERSION', note(ctx.features.versionText), map.keyOffset('override'), item);
    }
    return appendFlag ? 'append' : 'define';
  }
  const allowed = key === 'items' ? ITEMS_ONLY : CONDITION_ONLY;
  const overrides = decodeOverrides(map, allowed, allowed);
  if (appendFlag && hasOverrides(overrides)) throw new ItemFailure(MSG.errorOverrideAppend, offset);
  if (appendFlag) return 'append';
  return overrides.append.has(key) ? 'override-append' : 'define';
}

function readList(ctx: ReaderContext, map: ItemMap, offset: number): void {
  const name = decodeString(map, 'list', offset);
  warnUnknownKeys(ctx, map, 'list', name);
  if (ctx.features.generation === 'cpp-override' && !LIST_NAME.test(name))
    ctx.warn('LOAD_INVALID_LIST_NAME', MSG.invalidListName, offset, { kind: 'list', name });
  const items = decodeStringSeq(map, 'items', offset).values;
  const mode = appendMode(ctx, map, offset, 'items', 'list', name);
  const at = positionAt(ctx, offset);
  if (mode === 'define') ctx.collector.defineList(name, items, at);
  else ctx.collector.appendList(name, items, at, offset, mode);
}

function readMacro(ctx: ReaderContext, map: ItemMap, offset: number): void {
  const name = decodeString(map, 'macro', offset);
  warnUnknownKeys(ctx, map, 'macro', name);
  if (ctx.features.generation === 'cpp-override' && !MACRO_NAME.test(name))
    ctx.warn('LOAD_INVALID_MACRO_NAME', MSG.invalidMacroName, offset, { kind: 'macro', name });
  const cond = mappedScalar(ctx, requireScalar(map, 'condition', offset));
  const mode = appendMode(ctx, map, offset, 'condition', 'macro', name);
  const at = positionAt(ctx, offset);
  if (mode === 'define') ctx.collector.defineMacro(name, cond, at);
  else ctx.collector.appendMacro(name, cond, at, offset, mode);
}
