/**
 * Targets: the Falco deployments one bot serves (rules repository, base branch, rules file, Falco version, base
 * rules, deploy workflow). The targets file, matching an alert to its target, and the run-time registry the other
 * rooms ask for a target's rules and repository.
 * May import: ports, alerts, deployed-rules, src/falco.
 */
export { createTargetMatcher, type TargetMatcher } from './target-match.js';
export {
  parseTargetsFile,
  type TargetDefaults,
  type TargetMatch,
  type TargetRepository,
  type TargetSpec,
  type TargetsFileProblem,
} from './targets-file.js';
export { createTargets, DEFAULT_TARGET, targetRef, type Target, type Targets } from './targets.js';
