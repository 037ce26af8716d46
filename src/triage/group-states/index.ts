/**
 * Triage states of alert groups: the state machine (acknowledge and undo, assign, resolve as benign or true
 * positive, reopen, escalate once), who may triage, whom an escalation mentions, the service that applies an action
 * from stored state with its audit entry and chat work, and reactions as actions.
 * May import: ports, jobs, src/falco.
 */
export { escalationTarget, type EscalationMatch, type EscalationRule } from './escalation-rules.js';
export {
  createGroupTriage,
  type GroupTriage,
  type GroupTriageDeps,
  type TriageOutcome,
  type TriageRequest,
  type TriageRequestCommand,
  type TriageTarget,
  type TriageVia,
} from './group-triage.js';
export {
  createReactionTriage,
  type ReactionAction,
  type ReactionEvent,
  type ReactionOutcome,
} from './reaction-triage.js';
export {
  createResponderPolicy,
  type PeopleDirectory,
  type PeopleFailure,
  type PersonFacts,
  type ResponderPolicy,
} from './responder-policy.js';
export { actionOf, decide, MAX_NOTE_CHARS, type TriageCommand } from './triage-machine.js';
