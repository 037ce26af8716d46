/**
 * Alerts in: intake (route, fingerprint, group commit), the grouping passes that count stored alerts into groups and
 * queue Slack work, routes files (and the match block and YAML reading the targets file shares), the test alert,
 * and reviving a stored alert for the engine.
 * May import: ports, jobs, src/falco.
 */
export { groupBatch, postJobKey, type GroupingOptions, type GroupingRepos } from './grouping-batch.js';
export { createGroupingPasses, type GroupingPasses } from './grouping-pass.js';
export {
  createIntake,
  type Intake,
  type IntakeItem,
  type IntakeOutcome,
  type RefusedItem,
} from './intake.js';
export { reviveAlert } from './revive-alert.js';
export { createRouter, type RouteDecision } from './route-alert.js';
export { messageStyleOf, parseRoutesFile, type RoutesFile } from './routes-file.js';
export { DEFAULT_MESSAGE_STYLE } from './message-style.js';
export { asList, compileMatch, matchShape, toAlertMatch, type AlertMatch } from './alert-match.js';
export { parseYamlConfig, type YamlProblem } from './yaml-config.js';
export { testAlert } from './test-alert.js';
