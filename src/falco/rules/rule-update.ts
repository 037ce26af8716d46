/**
 * Applying `append` and `replace` items to an existing rule, as Falco's collector does (`append`,
 * `selective_replace` in `rule_loader_collector.cpp`): appends concatenate text with a space, union tags and merge
 * exceptions by name; replaces overwrite. Which exception merges work depends on the loader: the Lua loader of 0.28
 * to 0.30 only appended values, 0.31 (still Lua) and later also take a new named exception.
 */
import type { CollectorEnv, RuleInfo, RuleUpdate } from './collected.js';
import { isValidEntry, validateException, type ExceptionInfo } from './exception-validation.js';
import { LEGACY_MSG, usesLegacyWords } from './legacy-messages.js';
import { MSG } from './messages.js';
import type { SourcePosition } from './model.js';
import { MappedText } from './source-map.js';
import { ItemFailure } from './yaml-access.js';

/** Falco appends with a single space: `prev->cond += " "; prev->cond += cond`. */
export function concatText(base: MappedText, added: MappedText, at: SourcePosition): MappedText {
  return MappedText.concat([base, MappedText.fixed(' ', at), added]);
}

function appendException(prev: RuleInfo, ex: ExceptionInfo, env: CollectorEnv): void {
  const existing = prev.exceptions.find((candidate) => candidate.name === ex.name);
  const features = env.features;
  const lua = features.generation === 'lua';
  const isField = prev.unknownSource ? undefined : env.isField;
  const fail = (message: string): never => {
    throw new ItemFailure(message, ex.offset, 'LOAD_ERR_VALIDATE');
  };
  if (lua && !features.exceptionAppendNewName) {
    // 0.28.0 rule_loader.lua L586-619: only values can be appended, to a name that exists; the values of an
    // unknown name are dropped with a warning.
    if (ex.fields !== undefined) fail(LEGACY_MSG.luaAppendFields);
    if (ex.comps !== undefined) fail(LEGACY_MSG.luaAppendComps);
    if (!ex.valuesGiven) return;
    if (existing === undefined)
      env.warn('LOAD_WARNING_EXTENSION', LEGACY_MSG.luaNoMatchingException(prev.name, ex.name), ex.offset);
    else existing.values.push(...ex.values);
    return;
  }
  if (usesLegacyWords(features.wording)) {
    // 0.31.0 rule_loader.lua L612-676 and 0.32.0 rule_loader.cpp L485-508: a new name is a complete exception.
    if (existing === undefined) {
      if (lua ? ex.fields === undefined : !isValidEntry(ex.fields))
        fail(LEGACY_MSG.newExceptionNeedsFields(ex.name));
      if (lua ? !ex.valuesGiven : ex.values.length === 0)
        fail(
          lua
            ? LEGACY_MSG.newExceptionNeedsValues(ex.name)
            : LEGACY_MSG.cpp032NewExceptionNeedsValues(ex.name),
        );
      validateException(ex, features, isField);
      prev.exceptions.push(ex);
      return;
    }
    if (lua ? ex.fields !== undefined : isValidEntry(ex.fields)) fail(LEGACY_MSG.luaAppendFields);
    if (lua ? ex.comps !== undefined : isValidEntry(ex.comps)) fail(LEGACY_MSG.luaAppendComps);
    existing.values.push(...ex.values);
    return;
  }
  if (existing === undefined) {
    // A new named exception: it must be complete (0.33+ rule_loader_collector.cpp `append`).
    if (!isValidEntry(ex.fields)) fail(MSG.exceptionNeedsFields);
    if (ex.values.length === 0) fail(MSG.exceptionNeedsValues);
    validateException(ex, features, isField);
    prev.exceptions.push(ex);
    return;
  }
  if (isValidEntry(ex.fields)) fail(MSG.exceptionAppendFields);
  if (isValidEntry(ex.comps)) fail(MSG.exceptionAppendComps);
  existing.values.push(...ex.values);
}

function checkSource(prev: RuleInfo, update: RuleUpdate): void {
  if (update.source !== undefined && update.source !== '' && update.source !== prev.source)
    throw new ItemFailure(MSG.redefinedSource, update.offset, 'LOAD_ERR_VALIDATE');
}

export function appendToRule(prev: RuleInfo, update: RuleUpdate, env: CollectorEnv): void {
  checkSource(prev, update);
  if (update.cond !== undefined && update.cond.text !== '')
    prev.cond = concatText(prev.cond, update.cond, update.at);
  if (update.output !== undefined && update.output.text !== '')
    prev.output = concatText(prev.output, update.output, update.at);
  if (update.desc !== undefined && update.desc !== '') prev.desc = `${prev.desc} ${update.desc}`;
  for (const tag of update.tags ?? []) prev.tags.add(tag);
  for (const ex of update.exceptions ?? []) appendException(prev, ex, env);
}

export function replaceInRule(prev: RuleInfo, update: RuleUpdate, env: CollectorEnv): void {
  checkSource(prev, update);
  if (update.cond !== undefined) prev.cond = update.cond;
  if (update.output !== undefined) prev.output = update.output;
  if (update.desc !== undefined) prev.desc = update.desc;
  if (update.tags !== undefined) prev.tags = new Set(update.tags);
  if (update.exceptions !== undefined) {
    for (const ex of update.exceptions)
      validateException(ex, env.features, prev.unknownSource ? undefined : env.isField);
    prev.exceptions = update.exceptions;
  }
  if (update.priority !== undefined) prev.priority = update.priority;
  if (update.enabled !== undefined) prev.enabled = update.enabled;
  if (update.warnEvttypes !== undefined) prev.warnEvttypes = update.warnEvttypes;
  if (update.skipIfUnknownFilter !== undefined) prev.skipIfUnknownFilter = update.skipIfUnknownFilter;
  if (update.capture !== undefined) prev.capture = update.capture;
  if (update.captureDuration !== undefined) prev.captureDuration = update.captureDuration;
}
