/**
 * Applying `append` and `replace` items to an existing rule, as Falco's collector does (`append`,
 * `selective_replace` in `rule_loader_collector.cpp`): appends concatenate text with a space, union tags and merge
 * exceptions by name; replaces overwrite. Which exception merges work depends on the loader generation.
 */
import type { CollectorEnv, RuleInfo, RuleUpdate } from './collected.js';
import { isValidEntry, validateException, type ExceptionInfo } from './exception-validation.js';
import { LEGACY_MSG, MSG } from './messages.js';
import type { SourcePosition } from './model.js';
import { MappedText } from './source-map.js';
import { ItemFailure } from './yaml-access.js';

/** Falco appends with a single space: `prev->cond += " "; prev->cond += cond`. */
export function concatText(base: MappedText, added: MappedText, at: SourcePosition): MappedText {
  return MappedText.concat([base, MappedText.fixed(' ', at), added]);
}

function appendException(prev: RuleInfo, ex: ExceptionInfo, env: CollectorEnv): void {
  const existing = prev.exceptions.find((candidate) => candidate.name === ex.name);
  if (env.features.generation === 'lua') {
    // The Lua loader only adds values to an exception that exists; anything else fails or is dropped.
    if (ex.fields !== undefined)
      throw new ItemFailure(LEGACY_MSG.luaAppendFields, ex.offset, 'LOAD_ERR_VALIDATE');
    if (ex.comps !== undefined)
      throw new ItemFailure(LEGACY_MSG.luaAppendComps, ex.offset, 'LOAD_ERR_VALIDATE');
    if (existing === undefined)
      env.warn('LOAD_WARNING_EXTENSION', LEGACY_MSG.luaNoMatchingException(prev.name, ex.name), ex.offset);
    else existing.values.push(...ex.values);
    return;
  }
  if (existing === undefined) {
    // A new named exception: it must be complete (C++ loader, 0.32+).
    if (!isValidEntry(ex.fields))
      throw new ItemFailure(MSG.exceptionNeedsFields, ex.offset, 'LOAD_ERR_VALIDATE');
    if (ex.values.length === 0)
      throw new ItemFailure(MSG.exceptionNeedsValues, ex.offset, 'LOAD_ERR_VALIDATE');
    validateException(ex, env.features, prev.unknownSource ? undefined : env.isField);
    prev.exceptions.push(ex);
    return;
  }
  if (isValidEntry(ex.fields))
    throw new ItemFailure(MSG.exceptionAppendFields, ex.offset, 'LOAD_ERR_VALIDATE');
  if (isValidEntry(ex.comps)) throw new ItemFailure(MSG.exceptionAppendComps, ex.offset, 'LOAD_ERR_VALIDATE');
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
