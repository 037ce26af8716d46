/**
 * Falco's condition language: the parser (its grammar is in parser.ts's header), the tagged-union AST, the printer
 * and the checker of fields, operators and values against a field catalog.
 * May import: src/falco/fields, src/falco/version.
 */
export {
  type BinaryCheckExpr,
  type BinaryOperator,
  type Expr,
  type FieldExpr,
  type FieldOperand,
  type ListExpr,
  type Modifier,
  type Span,
  SYNTHETIC,
  type TransformerArg,
  type TransformerExpr,
  type UnaryCheckExpr,
  type UnaryOperator,
  type ValueExpr,
  type ValueOperand,
} from './ast.js';
export { checkCondition, type ConditionProblem } from './check.js';
export { errorExcerpt } from './error-excerpt.js';
export { escapeInQuotes, unescapeQuoted } from './escaping.js';
export { parseCondition } from './parser.js';
export { printCondition } from './printer.js';
