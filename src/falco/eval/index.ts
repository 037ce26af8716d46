/**
 * The condition evaluator: Falco's filter semantics over an alert's `output_fields`, with three-valued results.
 *
 * - `evaluateCondition(expr, fields, options?)`: tree-walking reference evaluation;
 * - `compileCondition(expr, options?)`: the same semantics compiled once, for many alerts;
 * - `traceCondition(expr, fields, options?)` / `compileTracer(expr, options?)`: a JSON tree of what every node
 *   concluded and read, for explanations.
 */
export { evaluateCondition } from './evaluate.js';
export { compileCondition, type CompiledCondition } from './compile.js';
export {
  compileTracer,
  traceCondition,
  operandText,
  type CheckTraceNode,
  type CompiledTracer,
  type TraceNode,
} from './trace.js';
export { prepareCheck, type CheckTrace, type PreparedCheck } from './check.js';
export type { EvalOptions } from './options.js';
export type { FieldRead } from './operand.js';
export {
  fieldKeyCandidates,
  fieldText,
  isSidekickTruncated,
  type FieldValue,
  type FieldValues,
  type LookupOptions,
  type Scalar,
} from './field-values.js';
export {
  fieldKindOf,
  fieldTypesFromCatalog,
  type FieldKind,
  type FieldType,
  type FieldTypeLookup,
} from './field-types.js';
export { notTruth, truthOf, type Truth, type UnknownReason, type Verdict } from './truth.js';
export { compileGlob, type GlobMatcher } from './glob.js';
export { compileRegex, type RegexMatcher, type RegexProblem } from './regex.js';
export { compilePathPrefixes, type PathPrefixMatcher } from './path-prefix.js';
export { utf8Length } from './bytes.js';
