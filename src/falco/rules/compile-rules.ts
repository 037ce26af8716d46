/**
 * Compiles rules as Falco's `compile_rule_infos`: exceptions are appended to the condition text, the output is
 * checked, the condition is parsed with lists substituted and every macro visible, then checked (fields, warnings)
 * and its event types estimated. Unlike Falco, which stops at the first error, every rule is compiled so that one
 * run reports every broken rule; rules of unknown sources are skipped, as in Falco.
 */
import { printCondition } from '../condition/index.js';
import type { RuleInfo } from './collector.js';
import { CompileFailure } from './compile-failure.js';
import {
  fail,
  locateParsed,
  parseMapped,
  warn,
  type CompileContext,
  type ParsedText,
} from './compile-context.js';
import { macroRefsOf, problemPosition, problemReport, type CompiledMacro } from './compile-macros.js';
import { heuristicFindings } from './condition-checks.js';
import { withExceptions } from './exception-condition.js';
import { matchesTooManyEventTypes } from './evttypes.js';
import { resolveMacros, type MacroResolution } from './macro-resolver.js';
import { findUnknownEventType, luaEvttypeWarning } from './evttype-checks.js';
import { LEGACY_MSG, usesLegacyWords } from './legacy-messages.js';
import type { Expr } from '../condition/index.js';
import { MSG, type LoadWarningCode } from './messages.js';
import type { CompiledCondition, NameReference } from './model.js';
import { checkOutput } from './output-check.js';

export interface CompiledRule {
  readonly info: RuleInfo;
  readonly compiled: CompiledCondition | undefined;
  readonly macroRefs: readonly NameReference[];
  /** The condition with exceptions, as text before list substitution (for list references). */
  readonly fullCondition: string;
}

function checkRuleOutput(ctx: CompileContext, info: RuleInfo): boolean {
  const item = { kind: 'rule' as const, name: info.name };
  const at = info.output.locate(0);
  for (const finding of checkOutput(info.output.text, ctx.features, ctx.fields)) {
    switch (finding.kind) {
      case 'container-info':
        warn(ctx, 'LOAD_DEPRECATED_ITEM', MSG.containerInfo, info.definedAt, item);
        break;
      case 'deprecated-field':
        warn(ctx, 'LOAD_DEPRECATED_ITEM', MSG.deprecatedFieldOutput(finding.field), at, item);
        break;
      case 'unknown-field':
        if (info.skipIfUnknownFilter) {
          warn(ctx, 'LOAD_UNKNOWN_FILTER', MSG.invalidOutputToken(finding.token), at, item);
          return false;
        }
        throw new CompileFailure(
          'LOAD_ERR_COMPILE_OUTPUT',
          MSG.invalidOutputToken(finding.token),
          info.output.locate(finding.offset),
        );
    }
  }
  return true;
}

function compileRule(
  ctx: CompileContext,
  info: RuleInfo,
  macros: ReadonlyMap<string, CompiledMacro>,
  failedMacros: ReadonlySet<string>,
): CompiledRule {
  const item = { kind: 'rule' as const, name: info.name };
  const condition = withExceptions(info.cond, info.exceptions);
  const none: CompiledRule = { info, compiled: undefined, macroRefs: [], fullCondition: condition.text };
  if (!checkRuleOutput(ctx, info)) return none;
  const parsed = parseMapped(ctx, condition);
  // With exceptions the parsed text is `(<condition>) and not ...`: spans are kept relative to the condition.
  const shift = condition.text.length === info.cond.text.length ? 0 : 1;
  const macroRefs = macroRefsOf(parsed)
    .filter((ref) => ref.span.start >= shift && ref.span.end <= shift + info.cond.text.length)
    .map((ref) =>
      shift === 0
        ? ref
        : { name: ref.name, span: { start: ref.span.start - shift, end: ref.span.end - shift } },
    );
  const resolution = resolveMacros(parsed.expr, (name) => {
    const compiled = macros.get(name)?.compiled;
    return compiled === undefined ? undefined : { expr: compiled.ast, complete: true };
  });
  for (const name of resolution.resolved) ctx.usedMacros.add(name);
  const problem = resolution.problem;
  if (problem !== undefined) {
    if (problem.kind === 'undefined' && failedMacros.has(problem.name)) return { ...none, macroRefs };
    const report = problemReport(ctx, problem, parsed, (name) => macros.has(name));
    throw new CompileFailure(report.code, report.message, problemPosition(parsed, report));
  }
  const at = info.cond.locate(0);
  if (info.source === 'syscall' && !checkEventTypes(ctx, info, condition.text, parsed, resolution, macros))
    return { ...none, macroRefs };
  if (ctx.locator !== undefined) {
    const problems = ctx.locator.check(resolution.expr, parsed, resolution.resolved, at);
    const firstError = problems.find((found) => found.severity === 'error');
    if (firstError !== undefined) {
      if (firstError.unknownField && info.skipIfUnknownFilter) {
        warn(ctx, 'LOAD_UNKNOWN_FILTER', firstError.message, firstError.at, item);
        return { ...none, macroRefs };
      }
      throw new CompileFailure('LOAD_ERR_COMPILE_CONDITION', firstError.message, firstError.at);
    }
    for (const found of problems) warn(ctx, found.code as LoadWarningCode, found.message, found.at, item);
  }
  for (const finding of heuristicFindings(resolution.expr, ctx.features, ctx.locator !== undefined)) {
    switch (finding.kind) {
      case 'deprecated-field':
        warn(ctx, 'LOAD_DEPRECATED_ITEM', MSG.deprecatedFieldCondition(finding.field), at, item);
        break;
      case 'unsafe-na':
        warn(ctx, 'LOAD_UNSAFE_NA_CHECK', MSG.unsafeNaCheck, at, item);
        break;
      case 'field-like-const':
        warn(ctx, 'LOAD_COMPILE_CONDITION', MSG.fieldAsConst(finding.value), at, item);
        break;
      case 'transformer-like-const':
        warn(ctx, 'LOAD_COMPILE_CONDITION', MSG.transformerAsConst(finding.value), at, item);
        break;
    }
  }
  if (info.source === 'syscall' && info.warnEvttypes) {
    const message = evttypeWarning(ctx, info.name, resolution.expr);
    if (message !== undefined) warn(ctx, 'LOAD_NO_EVTTYPE', message, info.definedAt, item);
  }
  return {
    info,
    compiled: { ast: resolution.expr, text: printCondition(resolution.expr) },
    macroRefs,
    fullCondition: condition.text,
  };
}

/** The no-evttype warning in the chosen release's terms, if it warns. */
function evttypeWarning(ctx: CompileContext, rule: string, expr: Expr): string | undefined {
  const features = ctx.features;
  if (!features.evttypeCountWarning) {
    const lua = luaEvttypeWarning(expr);
    if (lua === undefined) return undefined;
    return lua === 'no-evttype' ? LEGACY_MSG.luaNoEvttype(rule) : LEGACY_MSG.luaTrailingEvttype(rule);
  }
  if (!matchesTooManyEventTypes(expr)) return undefined;
  return usesLegacyWords(features.wording) ? LEGACY_MSG.tooManyEvttypes(rule) : MSG.noEvttype;
}

/**
 * Unknown `evt.type` names: an error in every release, a skipped rule with a warning under
 * `skip-if-unknown-filter` from 0.36. Returns false when the rule is skipped.
 */
function checkEventTypes(
  ctx: CompileContext,
  info: RuleInfo,
  conditionText: string,
  parsed: ParsedText,
  resolution: MacroResolution,
  macros: ReadonlyMap<string, CompiledMacro>,
): boolean {
  const unknown = findUnknownEventType(resolution.expr);
  if (unknown === undefined) return true;
  const features = ctx.features;
  let at = info.cond.locate(0);
  const own = findUnknownEventType(parsed.expr);
  if (own?.name === unknown.name) at = locateParsed(parsed, own.span.start);
  else
    for (const name of resolution.resolved) {
      const macro = macros.get(name)?.parsed;
      const found = macro === undefined ? undefined : findUnknownEventType(macro.expr);
      if (found?.name === unknown.name && macro !== undefined) {
        at = locateParsed(macro, found.span.start);
        break;
      }
    }
  const libsMessage = MSG.unknownEventType(unknown.name);
  if (features.unknownFilterWarning && info.skipIfUnknownFilter) {
    warn(ctx, 'LOAD_UNKNOWN_FILTER', libsMessage, at, { kind: 'rule', name: info.name });
    return false;
  }
  const message = !usesLegacyWords(features.wording)
    ? libsMessage
    : features.evttypeCountWarning
      ? LEGACY_MSG.ruleError(info.name, libsMessage)
      : LEGACY_MSG.luaUnknownEvent(unknown.name, conditionText);
  throw new CompileFailure('LOAD_ERR_COMPILE_CONDITION', message, at);
}

export function compileRules(
  ctx: CompileContext,
  rules: readonly RuleInfo[],
  macros: ReadonlyMap<string, CompiledMacro>,
  failedMacros: ReadonlySet<string>,
): CompiledRule[] {
  const out: CompiledRule[] = [];
  for (const info of rules) {
    if (info.unknownSource) {
      out.push({ info, compiled: undefined, macroRefs: [], fullCondition: info.cond.text });
      continue;
    }
    try {
      out.push(compileRule(ctx, info, macros, failedMacros));
    } catch (failure) {
      if (failure instanceof RangeError)
        failure = new CompileFailure('LOAD_ERR_COMPILE_CONDITION', MSG.tooDeep, info.cond.locate(0));
      if (!(failure instanceof CompileFailure)) throw failure;
      fail(ctx, failure, { kind: 'rule', name: info.name });
      out.push({ info, compiled: undefined, macroRefs: [], fullCondition: info.cond.text });
    }
  }
  return out;
}
