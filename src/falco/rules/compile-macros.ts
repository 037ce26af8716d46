/**
 * Compiles macros as Falco's `compile_macros_infos`: every macro is parsed (used or not, so a broken unused macro
 * is still an error), then each is resolved in definition order seeing only macros whose first definition came
 * before its latest change. Resolution happens in place, so later macros and rules substitute resolved trees.
 */
import type { Expr } from '../condition/index.js';
import { printCondition } from '../condition/index.js';
import type { MacroInfo } from './collector.js';
import { CompileFailure } from './compile-failure.js';
import { fail, locateParsed, parseMapped, type CompileContext, type ParsedText } from './compile-context.js';
import { macroReferences, resolveMacros, type MacroProblem } from './macro-resolver.js';
import { LEGACY_MSG } from './legacy-messages.js';
import { luaUndefinedMacro } from './lua-undefined-macro.js';
import { MSG, TRIAGE_MSG, type LoadErrorCode } from './messages.js';
import type { CompiledCondition, NameReference, SourcePosition } from './model.js';
import { mapBack } from './list-substitution.js';

export interface CompiledMacro {
  readonly info: MacroInfo;
  readonly parsed: ParsedText | undefined;
  /** The resolved tree; absent when parsing or resolving failed. */
  readonly compiled: CompiledCondition | undefined;
  readonly macroRefs: readonly NameReference[];
}

/** A macro problem as the chosen release reported it. */
export interface MacroProblemReport {
  readonly code: LoadErrorCode;
  readonly message: string;
  /** The macro the report is about (the Lua loader may name another undefined one than the resolver found). */
  readonly name: string;
}

/**
 * The words for `problem` found in `parsed` (a macro's condition when `macroText` is given, else a rule's):
 * 0.34+ names the loop; 0.32 and 0.33 have no loop detection and recurse until Falco crashes; the Lua loader
 * picks and spells the undefined macro its own way, and the Lua and 0.32 loaders prefix a macro's error with its
 * condition.
 */
export function problemReport(
  ctx: CompileContext,
  problem: MacroProblem,
  parsed: ParsedText,
  isDefined: (name: string) => boolean,
  macroText?: string,
): MacroProblemReport {
  const features = ctx.features;
  if (problem.kind === 'loop') {
    if (!features.macroLoopDetection)
      return {
        code: 'TRIAGE_FALCO_CRASH',
        message: TRIAGE_MSG.macroLoopCrash(features.versionText, problem.name),
        name: problem.name,
      };
    return { code: 'LOAD_ERR_VALIDATE', message: MSG.macroLoop(problem.name), name: problem.name };
  }
  let name = problem.name;
  let message = MSG.undefinedMacro(problem.name);
  if (features.generation === 'lua') {
    const lua = luaUndefinedMacro(parsed.expr, isDefined);
    if (lua !== undefined) ({ name, message } = lua);
    if (macroText !== undefined) message = LEGACY_MSG.macroCompilation(parsed.text, message);
  } else if (features.wording === 'cpp-0.32' && macroText !== undefined)
    message = LEGACY_MSG.macroCompilation(macroText, message);
  return { code: 'LOAD_ERR_VALIDATE', message, name };
}

/** Positions a macro problem: at the identifier when the condition names it directly. */
export function problemPosition(parsed: ParsedText, problem: { readonly name: string }): SourcePosition {
  const direct = macroReferences(parsed.expr).find((ref) => ref.name === problem.name);
  return locateParsed(parsed, direct?.span.start ?? 0);
}

export function macroRefsOf(parsed: ParsedText): NameReference[] {
  return macroReferences(parsed.expr).map((ref) => ({
    name: ref.name,
    span: { start: mapBack(ref.span.start, parsed.edits), end: mapBack(ref.span.end, parsed.edits) },
  }));
}

/** Compiles every macro; macros that failed are in `failed` (rules using them are not reported again). */
export function compileMacros(
  ctx: CompileContext,
  macros: readonly MacroInfo[],
): { readonly compiled: Map<string, CompiledMacro>; readonly failed: ReadonlySet<string> } {
  const byName = new Map(macros.map((info) => [info.name, info]));
  const failed = new Set<string>();
  const parsed = new Map<string, ParsedText>();
  for (const info of macros) {
    try {
      parsed.set(info.name, parseMapped(ctx, info.cond));
    } catch (failure) {
      if (!(failure instanceof CompileFailure)) throw failure;
      fail(ctx, failure, { kind: 'macro', name: info.name });
      failed.add(info.name);
    }
  }
  const trees = new Map<string, { expr: Expr; complete: boolean }>();
  for (const [name, value] of parsed) trees.set(name, { expr: value.expr, complete: false });

  const out = new Map<string, CompiledMacro>();
  for (const info of macros) {
    const own = parsed.get(info.name);
    if (own === undefined) {
      out.set(info.name, { info, parsed: undefined, compiled: undefined, macroRefs: [] });
      continue;
    }
    // The Lua loader compiled macros in order of first appearance, each seeing only those compiled before it;
    // the C++ loader lets a macro see every macro first defined before its latest change.
    const horizon = ctx.features.generation === 'lua' ? info.index : info.visibility;
    const visible = (name: string) => {
      const target = byName.get(name);
      return target !== undefined && target.index < horizon ? trees.get(name) : undefined;
    };
    const resolution = resolveMacros(own.expr, visible);
    for (const name of resolution.resolved) ctx.usedMacros.add(name);
    let compiled: CompiledCondition | undefined;
    const problem = resolution.problem;
    if (problem !== undefined) {
      // A macro built on a macro that already failed is not reported again.
      if (problem.kind === 'loop' || !failed.has(problem.name)) {
        const isDefined = (name: string) => visible(name) !== undefined;
        const report = problemReport(ctx, problem, own, isDefined, info.cond.text);
        fail(ctx, new CompileFailure(report.code, report.message, problemPosition(own, report)), {
          kind: 'macro',
          name: info.name,
        });
      }
      trees.delete(info.name);
      failed.add(info.name);
    } else {
      trees.set(info.name, { expr: resolution.expr, complete: true });
      compiled = { ast: resolution.expr, text: printCondition(resolution.expr) };
    }
    out.set(info.name, { info, parsed: own, compiled, macroRefs: macroRefsOf(own) });
  }
  return { compiled: out, failed };
}
