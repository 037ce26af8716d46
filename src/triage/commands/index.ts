/**
 * What people ask of the bot: the `/falco` command (explain, status, mute) and the
 * Explain button's job.
 * May import: ports, jobs, alerts, proposals, deployed-rules, targets, src/falco.
 */
export {
  type AlertExplanations,
  createAlertExplanations,
  type Explanation,
  type PasteProblem,
} from './alert-explanations.js';
export { explainJob, requestExplanation } from './explain-job.js';
export { type CommandProblem, type MuteTarget, parseFalcoCommand } from './falco-command.js';
export { createMutes, type MuteOutcome, type UnmuteOutcome } from './mutes.js';
export { explainPasted, type PastedExplanation } from './pasted-alert.js';
export { explainMessage, type MessageExplainProblem, type MessageToExplain } from './message-explanation.js';
export { statusReport, type StatusReport } from './status.js';
export {
  createHomeRefresher,
  type HomeChat,
  type HomeDeps,
  homeJobs,
  homeReport,
  JOB_HOME_PUBLISH,
  openHome,
} from './home.js';
