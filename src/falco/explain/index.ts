/**
 * Alert explanation: why a rule fired for an alert (its condition expanded and evaluated), where it can be excepted
 * and what else each change would silence, and how to except it (from src/falco/exceptions). Import from here.
 */
export {
  createAlertExplainer,
  reportJson,
  type AlertExplainer,
  type AlertExplainerOptions,
  type ExplainOptions,
  type ExplainOutcome,
  type ExplainReport,
} from './alert-explainer.js';
export {
  createExplainer,
  type ExceptionResult,
  type Explainer,
  type ExplainerOptions,
  type Explanation,
} from './explainer.js';
export type { ExceptionPoint } from './exception-points.js';
export { formatExplainText } from './format-text.js';
export { suggestionsFor, type ExplainSuggestion } from './suggestions.js';
export {
  DEFAULT_TREE_LIMITS,
  type ExplainNode,
  type ListReference,
  type ReadValue,
  type TreeLimits,
} from './tree.js';
