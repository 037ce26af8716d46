/**
 * False-positive proposals: the modal's draft, submission, approval and rejection, the proposal's chat message and
 * notifications, who may approve, and the stored-alert impact preview.
 * May import: ports, jobs, alerts, deployed-rules, targets, src/falco.
 */
export { type ApproverDirectory, type ApproverPolicy, createApproverPolicy } from './approver-policy.js';
export {
  type DraftDeps,
  type DraftPreview,
  type DraftSelection,
  type DraftSource,
  type ExceptionDraft,
  openDraft,
  type StrategyOption,
  synthesizeSelection,
} from './exception-draft.js';
export { createExceptionFlow, type ExceptionFlow } from './exception-flow.js';
export { proposalBadge } from './proposal-badge.js';
export { proposalJobs } from './proposal-jobs.js';
export { announceProposal } from './proposal-notify.js';
export { createProposals, type Proposals, type ProposalsDeps, type StoredException } from './proposals.js';
export { storedImpact } from './stored-impact.js';
