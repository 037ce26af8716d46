/**
 * Reads a `- rule:` item: a full definition, an `append: true` item, an `override:` item (0.37+) or a standalone
 * `enabled:` item, following the branches of Falco's `read_item` in `rule_loader_reader.cpp`. On versions before
 * 0.37 `override:` is an unknown key that Falco ignores, so the item falls through to the other branches exactly
 * as it would on that Falco (usually "Item has no mapping for key ..."); we add a note saying why.
 */
import { LEGACY_MSG, usesLegacyWords } from './legacy-messages.js';
import { MSG, TRIAGE_MSG } from './messages.js';
import type { RuleUpdate } from './collector.js';
import { readExceptions } from './exception-reader.js';
import type { ExceptionInfo } from './exception-validation.js';
import { NO_OVERRIDES, decodeOverrides, hasOverrides } from './override.js';
import { parsePriority } from './priority.js';
import { mappedScalar, positionAt, type ReaderContext } from './reader-context.js';
import type { MappedText } from './source-map.js';
import {
  ItemFailure,
  decodeBool,
  decodeOptionalBool,
  decodeString,
  decodeStringSeq,
  decodeUnsigned,
  requireScalar,
  type ItemMap,
} from './yaml-access.js';

const APPENDABLE = new Set(['condition', 'output', 'desc', 'tags', 'exceptions']);
const REPLACEABLE_BASE = [
  'condition',
  'output',
  'desc',
  'priority',
  'tags',
  'exceptions',
  'enabled',
  'warn_evttypes',
  'skip-if-unknown-filter',
];
const UINT64_MAX_SAFE = Number.MAX_SAFE_INTEGER;

function decodeTags(map: ItemMap, offset: number): string[] | undefined {
  return map.has('tags') ? decodeStringSeq(map, 'tags', offset).values : undefined;
}

function decodePriority(ctx: ReaderContext, map: ItemMap, offset: number) {
  const text = decodeString(map, 'priority', offset);
  const priority = parsePriority(text, ctx.features.generation);
  if (priority === undefined) {
    const message =
      ctx.features.generation === 'lua' ? LEGACY_MSG.luaInvalidPriority(text) : MSG.invalidPriority;
    throw new ItemFailure(message, map.valueOffset('priority'));
  }
  return priority;
}

function readSource(map: ItemMap): string | undefined {
  if (!map.has('source')) return undefined;
  const node = map.value('source');
  const value = (node as { value?: unknown } | undefined)?.value;
  return typeof value === 'string' ? value : undefined;
}

function exceptionsFor(
  ctx: ReaderContext,
  map: ItemMap,
  append: boolean,
  name: string,
): ExceptionInfo[] | undefined {
  if (!map.has('exceptions')) return undefined;
  if (!ctx.features.exceptions) {
    ctx.warn(
      'TRIAGE_IGNORED_BY_VERSION',
      TRIAGE_MSG.exceptionsIgnored(ctx.features.versionText),
      map.keyOffset('exceptions'),
      { kind: 'rule', name },
    );
    return undefined;
  }
  return readExceptions(ctx, map, append, name);
}

export function readRule(ctx: ReaderContext, map: ItemMap, offset: number): void {
  const name = decodeString(map, 'rule', offset);
  const item = { kind: 'rule' as const, name };
  const at = positionAt(ctx, offset);
  const features = ctx.features;
  // 0.28.0 to 0.30.0 rule_loader.lua: checked before anything else, for every rule item.
  if (features.exceptions && features.generation === 'lua' && !features.standaloneEnabled)
    if (!map.has('condition') && !map.has('exceptions'))
      throw new ItemFailure(LEGACY_MSG.luaConditionOrExceptions, offset);
  const appendFlag = decodeOptionalBool(map, 'append', offset) ?? false;
  if (appendFlag && features.deprecationWarnings)
    ctx.warn('LOAD_DEPRECATED_ITEM', MSG.warningAppend, offset, item);

  const replaceable = new Set(
    features.capture ? [...REPLACEABLE_BASE, 'capture', 'capture_duration'] : REPLACEABLE_BASE,
  );
  let overrides = NO_OVERRIDES;
  if (features.override) overrides = decodeOverrides(map, APPENDABLE, replaceable);
  else if (map.has('override'))
    ctx.warn(
      'TRIAGE_IGNORED_BY_VERSION',
      TRIAGE_MSG.overrideIgnoredRule(features.versionText),
      map.keyOffset('override'),
      item,
    );
  if (appendFlag && hasOverrides(overrides)) throw new ItemFailure(MSG.errorOverrideAppend, offset);

  if (hasOverrides(overrides)) {
    const expected = new Set([...APPENDABLE, ...replaceable].filter((key) => map.has(key)));
    const take = (set: ReadonlySet<string>, type: 'append' | 'replace', key: string): boolean => {
      if (!set.has(key)) return false;
      if (!expected.has(key)) throw new ItemFailure(MSG.overrideNotDefined(type, key), offset);
      expected.delete(key);
      return true;
    };
    const source = readSource(map);
    if (overrides.append.size > 0) {
      const a = overrides.append;
      const update: RuleUpdate = {
        name,
        offset,
        at,
        kind: 'override-append',
        source,
        cond: take(a, 'append', 'condition')
          ? mappedScalar(ctx, requireScalar(map, 'condition', offset))
          : undefined,
        exceptions: take(a, 'append', 'exceptions') ? exceptionsFor(ctx, map, true, name) : undefined,
        output: take(a, 'append', 'output')
          ? mappedScalar(ctx, requireScalar(map, 'output', offset))
          : undefined,
        desc: take(a, 'append', 'desc') ? decodeString(map, 'desc', offset) : undefined,
        tags: take(a, 'append', 'tags') ? decodeTags(map, offset) : undefined,
      };
      ctx.collector.appendRule(update);
    }
    if (overrides.replace.size > 0) {
      const r = overrides.replace;
      const update: RuleUpdate = {
        name,
        offset,
        at,
        kind: 'override-replace',
        source,
        cond: take(r, 'replace', 'condition')
          ? mappedScalar(ctx, requireScalar(map, 'condition', offset))
          : undefined,
        exceptions: take(r, 'replace', 'exceptions') ? exceptionsFor(ctx, map, false, name) : undefined,
        output: take(r, 'replace', 'output')
          ? mappedScalar(ctx, requireScalar(map, 'output', offset))
          : undefined,
        desc: take(r, 'replace', 'desc') ? decodeString(map, 'desc', offset) : undefined,
        tags: take(r, 'replace', 'tags') ? decodeTags(map, offset) : undefined,
        priority: take(r, 'replace', 'priority') ? decodePriority(ctx, map, offset) : undefined,
        enabled: take(r, 'replace', 'enabled') ? decodeBool(map, 'enabled', offset) : undefined,
        warnEvttypes: take(r, 'replace', 'warn_evttypes')
          ? decodeBool(map, 'warn_evttypes', offset)
          : undefined,
        skipIfUnknownFilter: take(r, 'replace', 'skip-if-unknown-filter')
          ? decodeBool(map, 'skip-if-unknown-filter', offset)
          : undefined,
        capture: take(r, 'replace', 'capture') ? decodeBool(map, 'capture', offset) : undefined,
        captureDuration: take(r, 'replace', 'capture_duration')
          ? decodeUnsigned(map, 'capture_duration', offset, UINT64_MAX_SAFE)
          : undefined,
      };
      ctx.collector.replaceRule(update);
    }
    const [leftover] = expected;
    if (leftover !== undefined)
      throw new ItemFailure(MSG.overrideUnexpectedKey(leftover), map.keyOffset(leftover));
    return;
  }

  if (appendFlag) {
    const update: RuleUpdate = {
      name,
      offset,
      at,
      kind: 'append',
      source: readSource(map),
      cond: map.has('condition') ? mappedScalar(ctx, requireScalar(map, 'condition', offset)) : undefined,
      exceptions: exceptionsFor(ctx, map, true, name),
    };
    ctx.collector.appendRule(update);
    return;
  }

  if (readStandaloneEnabled(ctx, map, offset, name)) return;

  const cond = mappedScalar(ctx, requireScalar(map, 'condition', offset));
  const outputRaw = mappedScalar(ctx, requireScalar(map, 'output', offset));
  const desc = decodeString(map, 'desc', offset);
  const priority = decodePriority(ctx, map, offset);
  ctx.collector.defineRule(
    {
      name,
      source: map.has('source') ? decodeString(map, 'source', offset) : 'syscall',
      cond,
      output: trimMapped(outputRaw),
      desc,
      priority,
      enabled: decodeOptionalBool(map, 'enabled', offset) ?? true,
      warnEvttypes: decodeOptionalBool(map, 'warn_evttypes', offset) ?? true,
      skipIfUnknownFilter: decodeOptionalBool(map, 'skip-if-unknown-filter', offset) ?? false,
      tags: new Set(decodeTags(map, offset) ?? []),
      exceptions: exceptionsFor(ctx, map, false, name) ?? [],
      capture: features.capture ? (decodeOptionalBool(map, 'capture', offset) ?? false) : false,
      captureDuration:
        features.capture && map.has('capture_duration')
          ? decodeUnsigned(map, 'capture_duration', offset, UINT64_MAX_SAFE)
          : 0,
      definedAt: at,
    },
    offset,
  );
}

const DEFINITION_KEYS = ['condition', 'output', 'desc', 'priority'] as const;

/**
 * A rule item that is not a full definition: a standalone `enabled:` item where the release supports one, else
 * the release's "missing property" error. Returns false for a full definition.
 *
 * - Lua before 0.31: every missing property is an error ("Rule must have property condition").
 * - Lua 0.31 (rule_loader.lua L689-705): any missing property plus `enabled` enables or disables the rule.
 * - 0.32 (rule_reader.cpp `read_item`): the same, with its own two messages.
 * - 0.33 on: only an item with none of the four properties is an `enabled` item.
 */
function readStandaloneEnabled(ctx: ReaderContext, map: ItemMap, offset: number, name: string): boolean {
  const features = ctx.features;
  const at = positionAt(ctx, offset);
  const missing = DEFINITION_KEYS.find((key) => !map.has(key));
  if (usesLegacyWords(features.wording)) {
    if (missing === undefined) return false;
    const lua = features.generation === 'lua';
    if (!features.standaloneEnabled || !map.has('enabled'))
      throw new ItemFailure(
        lua ? LEGACY_MSG.luaRuleProperty(missing) : LEGACY_MSG.cpp032RuleProperties,
        offset,
      );
    const notFound = lua ? LEGACY_MSG.luaEnabledNoRule(name) : LEGACY_MSG.cpp032EnabledNoRule(name);
    ctx.collector.enableRule(name, decodeBool(map, 'enabled', offset), at, offset, notFound);
    return true;
  }
  if (DEFINITION_KEYS.some((key) => map.has(key))) return false;
  const enabled = decodeBool(map, 'enabled', offset);
  if (features.deprecationWarnings)
    ctx.warn('LOAD_DEPRECATED_ITEM', MSG.warningEnabled, offset, { kind: 'rule', name });
  ctx.collector.enableRule(name, enabled, at, offset);
  return true;
}

/** Falco trims the output of a new rule (folded scalars end with a newline). */
function trimMapped(text: MappedText): MappedText {
  const value = text.text;
  const start = value.length - value.trimStart().length;
  const end = value.trimEnd().length;
  return start === 0 && end === value.length ? text : text.slice(start, Math.max(start, end));
}
