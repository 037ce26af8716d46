/**
 * The generator behind `falco-triage init-rules-repo`: the files of a rules repository (rules or Helm values, CI
 * workflow with validation and `helm upgrade`, README). Pure: the CLI writes what it returns.
 * May import: src/markdown.
 */
export { generateRulesRepo } from './generate.js';
export { inspectExistingFile, valuesRunFalcosidekick } from './inspect-existing.js';
export { nextSteps } from './next-steps.js';
export {
  checkRulesRepoOptions,
  CLUSTER_AUTHS,
  type ClusterAuth,
  DEFAULTS,
  type RulesRepoOptions,
} from './options.js';
export { type PlannedWrite, planWrites } from './plan-writes.js';
export {
  chartMismatch,
  DEFAULT_CHART_VERSION,
  DEFAULT_FALCO_VERSION,
  MIN_FALCO_VERSION,
} from './versions.js';
