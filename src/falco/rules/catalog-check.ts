/**
 * libs' compiler check (`../condition/check.ts`) on a rule's resolved condition, with each problem positioned
 * where the user wrote it. The resolved tree mixes nodes from the rule and from its macros, whose spans point into
 * different texts, so the same check runs on the rule's own tree and on each macro's own tree: a problem found
 * there carries a span in that text. Problems only the resolved tree shows sit at the rule's condition.
 */
import { checkCondition, type ConditionProblem } from '../condition/index.js';
import type { Expr } from '../condition/index.js';
import type { FieldCatalog } from '../fields/index.js';
import type { FalcoVersion } from '../version.js';
import { locateParsed, type ParsedText } from './parsed-text.js';
import type { LoadErrorCode, LoadWarningCode } from './messages.js';
import type { SourcePosition } from './model.js';

export interface PositionedProblem {
  readonly severity: 'error' | 'warning';
  readonly code: LoadErrorCode | LoadWarningCode;
  readonly message: string;
  readonly at: SourcePosition;
  /** Falco's `err_is_unknown_type_or_field`: a rule with `skip-if-unknown-filter` is skipped instead. */
  readonly unknownField: boolean;
}

const keyOf = (problem: ConditionProblem): string => `${problem.code}\u0000${problem.message}`;

/** Where each problem of a tree sits, by code and message (first occurrence). */
export class ProblemLocator {
  private readonly macroIndex = new Map<string, Map<string, SourcePosition>>();

  constructor(
    private readonly catalog: FieldCatalog,
    private readonly version: FalcoVersion,
    private readonly macroText: (name: string) => ParsedText | undefined,
  ) {}

  index(parsed: ParsedText): Map<string, SourcePosition> {
    const out = new Map<string, SourcePosition>();
    const problems = checkCondition(parsed.expr, this.catalog, {
      version: this.version,
      unresolvedReferences: true,
    });
    for (const problem of problems) {
      const key = keyOf(problem);
      if (!out.has(key)) out.set(key, locateParsed(parsed, problem.span.start));
    }
    return out;
  }

  forMacro(name: string): Map<string, SourcePosition> | undefined {
    let found = this.macroIndex.get(name);
    if (found === undefined) {
      const parsed = this.macroText(name);
      if (parsed === undefined) return undefined;
      found = this.index(parsed);
      this.macroIndex.set(name, found);
    }
    return found;
  }

  /** The resolved tree's problems, positioned in the rule's text, a macro's text, or at `fallback`. */
  check(
    resolved: Expr,
    own: ParsedText,
    macros: Iterable<string>,
    fallback: SourcePosition,
  ): PositionedProblem[] {
    const problems = checkCondition(resolved, this.catalog, { version: this.version }).filter(
      (problem) => problem.code !== 'invalid-regex' || !re2Accepts(problem.message),
    );
    if (problems.length === 0) return [];
    const ownIndex = this.index(own);
    const macroNames = [...macros];
    return problems.map((problem) => {
      const key = keyOf(problem);
      let at = ownIndex.get(key);
      for (const name of macroNames) at ??= this.forMacro(name)?.get(key);
      return {
        severity: problem.severity,
        code: codeOf(problem),
        message: problem.message,
        at: at ?? fallback,
        unknownField: problem.code === 'unknown-field',
      };
    });
  }
}

function codeOf(problem: ConditionProblem): LoadErrorCode | LoadWarningCode {
  if (problem.severity === 'error') return 'LOAD_ERR_COMPILE_CONDITION';
  return problem.code === 'deprecated-field' ? 'LOAD_DEPRECATED_ITEM' : 'LOAD_COMPILE_CONDITION';
}

/**
 * Adapter: the shared check validates regexes with JavaScript's `u` mode, which rejects patterns RE2 (libs' regex
 * engine) accepts, e.g. `pentest-[0-9]{2` (RE2 reads a malformed repetition as literal text; this is what Falco's
 * own test `exceptions_modifier_op_regex_oneof` loads). JavaScript without `u` is as lenient there, so a pattern
 * it accepts is not reported.
 */
function re2Accepts(message: string): boolean {
  const match = /invalid regular expression '(.*)': /s.exec(message);
  if (match === null) return false;
  try {
    new RegExp(match[1] ?? '');
    return true;
  } catch {
    return false;
  }
}
