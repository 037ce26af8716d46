/** Impact of a rules change on stored alerts: plans (compile once) and their evaluation (many alerts). */
export {
  evaluateAlert,
  planImpact,
  type AlertImpact,
  type ImpactAlert,
  type ImpactPlan,
  type ImpactVerdict,
  type PlanOptions,
  type PlanPart,
  type RulePlan,
} from './plan.js';
export { previewImpact } from './preview.js';
export {
  BROAD_IMPACT,
  describeImpact,
  impactWarnings,
  summarizeImpact,
  type ImpactSummary,
  type RuleImpact,
} from './summary.js';
export type { ExceptedBy } from './origins.js';
