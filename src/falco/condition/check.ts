/**
 * What libs' filter compiler (`sinsp_filter_compiler`) rejects in a condition that parses: unknown fields, field
 * arguments that are missing or not allowed, operators a field's type does not take (`evt.rawtime contains 1`),
 * constants that are not numbers/booleans/addresses for such fields, transformer type rules. Plus the compiler's
 * warnings (a constant that looks like a field or a transformer; a regex that a plain operator would do).
 *
 * Run it on a condition with macros and lists resolved (the rules loader does that); a bare identifier left in the
 * tree is an error, as in libs, unless `unresolvedReferences` says the caller resolves them later. Messages use libs'
 * wording where libs has one; each problem points at the node it is about.
 */
import type { BinaryCheckExpr, Expr, Span, ValueExpr } from './ast.js';
import { typeOfOperand, type OperandContext } from './operand-types.js';
import { resolveFieldText, type FieldCatalog } from '../fields/index.js';
import { operatorProblem, valueProblem, type FieldType } from './operator-typing.js';
import { NEWEST_VERSION, supports, type FalcoVersion } from '../version.js';

export type { ProblemCode } from './problem-code.js';
import type { ProblemCode } from './problem-code.js';

export interface ConditionProblem {
  readonly severity: 'error' | 'warning';
  readonly code: ProblemCode;
  readonly message: string;
  readonly span: Span;
}

export interface CheckConditionOptions {
  /** Default NEWEST_VERSION: gates the compiler's warnings (0.38+) and deprecation warnings (0.42+). */
  readonly version?: FalcoVersion;
  /**
   * The condition still holds macro and list names, as written in a rules file: identifiers are not reported,
   * and a constant spelled like a list name is not type-checked (list substitution will replace it).
   */
  readonly unresolvedReferences?: boolean;
}

const TRANSFORMER_NAMES = ['val', 'tolower', 'toupper', 'b64', 'basename', 'len', 'join', 'concat', 'getopt'];
const LIST_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const REGEX_SPECIAL = '.+*?^$()[]{}|\\';

class Checker {
  readonly problems: ConditionProblem[] = [];
  readonly context: OperandContext;
  private readonly compilerWarnings: boolean;

  constructor(
    private readonly catalog: FieldCatalog,
    private readonly options: CheckConditionOptions,
  ) {
    const version = options.version ?? NEWEST_VERSION;
    this.compilerWarnings = supports(version, 'field-comparison');
    this.context = {
      catalog,
      report: (severity, code, message, span) => this.problems.push({ severity, code, message, span }),
      deprecationWarnings: supports(version, 'evt-dir-deprecation-warnings'),
    };
  }

  expr(expr: Expr): void {
    switch (expr.type) {
      case 'and':
      case 'or':
        for (const child of expr.children) this.expr(child);
        return;
      case 'not':
        this.expr(expr.child);
        return;
      case 'identifier':
        if (this.options.unresolvedReferences !== true) {
          const message = `filter error: unexpected identifier '${expr.name}'`;
          this.context.report('error', 'unexpected-identifier', message, expr.span);
        }
        return;
      case 'unary-check':
        typeOfOperand(expr.left, 'left', this.context);
        return;
      case 'binary-check':
        this.binary(expr);
        return;
    }
  }

  private binary(check: BinaryCheckExpr): void {
    const left = typeOfOperand(check.left, 'left', this.context);
    if (left !== undefined) {
      const problem = operatorProblem(check.operator, left);
      if (problem !== undefined) {
        this.context.report('error', 'operator-type', `filter error: ${problem}`, check.span);
        return;
      }
    }
    const { right } = check;
    if (right.type === 'transformer') {
      const type = typeOfOperand(right, 'right', this.context);
      if (left !== undefined && type !== undefined) this.compareTypes(left, type, check);
      return;
    }
    for (const value of right.type === 'list' ? right.items : [right]) this.value(check, value, left);
  }

  private compareTypes(left: FieldType, right: FieldType, check: BinaryCheckExpr): void {
    if (left.typeClass === 'unknown' || right.typeClass === 'unknown' || left.typeClass === right.typeClass)
      return;
    const message = `filter error: can not compare a field of type '${left.name}' with a field of type '${right.name}'`;
    this.context.report('error', 'field-type-mismatch', message, check.span);
  }

  private value(check: BinaryCheckExpr, value: ValueExpr, left: FieldType | undefined): void {
    const text = value.value;
    const report = this.context.report;
    if (check.operator === 'bcontains' || check.operator === 'bstartswith') {
      if (!/^([0-9a-fA-F]{2})*$/.test(text)) {
        report(
          'error',
          'value-type',
          'filter error: bcontains and bstartswith operator support hex strings only',
          value.span,
        );
      }
    } else if (left !== undefined && !(this.options.unresolvedReferences === true && LIST_NAME.test(text))) {
      const label = check.left.type === 'field' ? check.left.name : `${check.left.name}(...)`;
      const problem = valueProblem(text, left, label);
      if (problem !== undefined) report('error', 'value-type', problem, value.span);
    }
    if (check.operator === 'regex') this.regex(text, value.span);
    if (this.compilerWarnings) this.constantWarnings(text, value.span);
  }

  private regex(pattern: string, span: Span): void {
    try {
      new RegExp(pattern, 'u');
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.context.report(
        'error',
        'invalid-regex',
        `filter error: invalid regular expression '${pattern}': ${reason}`,
        span,
      );
      return;
    }
    if (!this.compilerWarnings) return;
    // libs' heuristic: anchors at the ends and a leading/trailing `.*` `.+` `.?` are fine, anything else special
    // means the regex is needed.
    const len = pattern.length;
    for (let i = 0; i < len; i++) {
      const c = pattern[i] ?? '';
      if ((i === 0 && c === '^') || (i === len - 1 && c === '$')) continue;
      if (((i === 0 && len > 1) || i === len - 2) && c === '.' && '+*?'.includes(pattern[i + 1] ?? '\0')) {
        i++;
        continue;
      }
      if (REGEX_SPECIAL.includes(c)) return;
    }
    const message = `regex check with '${pattern}' may be optimized with simpler operators such as '=', 'contains', 'startswith', 'endswith'`;
    this.context.report('warning', 'simplifiable-regex', message, span);
  }

  /** libs' `check_value_and_add_warnings`: a constant that is spelled like a field or a transformer call. */
  private constantWarnings(text: string, span: Span): void {
    const compact = /\s/.test(text) ? text.replace(/\s/g, '') : text;
    if (compact.includes('.') && /^[A-Za-z]/.test(compact) && resolveFieldText(this.catalog, compact).ok) {
      this.context.report(
        'warning',
        'field-like-value',
        `'${text}' may be a valid field misused as a const string value`,
        span,
      );
    }
    if (!compact.endsWith(')')) return;
    for (const name of TRANSFORMER_NAMES) {
      if (compact.length >= name.length + 2 && compact.startsWith(`${name}(`) && compact.endsWith(')')) {
        const message = `'${text}' may be a valid field transformer misused as a const string value`;
        this.context.report('warning', 'transformer-like-value', message, span);
      }
    }
  }
}

/**
 * Checks a parsed condition against a field catalog as libs' compiler would. Returns every problem found
 * (errors and warnings, in source order per check), empty when the condition would compile cleanly.
 */
export function checkCondition(
  expr: Expr,
  catalog: FieldCatalog,
  options: CheckConditionOptions = {},
): ConditionProblem[] {
  const checker = new Checker(catalog, options);
  checker.expr(expr);
  return checker.problems;
}
