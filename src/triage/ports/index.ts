/**
 * The workflow's ports and the records they speak in: the store (TriageStore, its repositories and rows), the chat
 * (ChatPort, GroupView, ProposalView, ThreadNote, and the refusals a person gets back) and the rules repository
 * (RepoPort). Adapters implement these; rooms use them. The records carry codes and facts, never chat markup.
 * May import: src/falco, src/result, src/errors. Never a room of the workflow or an adapter.
 */
export { type ChatError, type ChatPort, type ChatResult, type ThreadReply } from './chat-port.js';
export {
  type GroupTriageView,
  type GroupView,
  LINK_PLACEHOLDERS,
  type MessageLink,
  type MessageStyle,
  type ProposalBadge,
} from './group-view.js';
export {
  type ChangeRefused,
  type CreateProposalResult,
  type ExceptionStrategy,
  LIVE_PROPOSAL_STATUSES,
  type NewProposal,
  type Proposal,
  PROPOSAL_STATUSES,
  type ProposalPatch,
  type ProposalStatus,
  type StoredException,
} from './proposal-record.js';
export { type ProposalView } from './proposal-view.js';
export {
  type AcknowledgeRefusal,
  type ApproverRefusal,
  type ApproverRequired,
  type Approvers,
  type DecisionRefusal,
  type ExplainRequestRefusal,
  type MuteRefusal,
  type Refusal,
  type RefusalCode,
  type Unavailable,
} from './refusals.js';
export {
  describePullRequestStep,
  type DraftProblem,
  type ExplainProblem,
  type PrFailure,
  type PullRequestStep,
  type RemovalProblem,
  type SelectionProblem,
  type SubmitProblem,
  type SubmitReason,
} from './problems.js';
export { type LinkRef, type ThreadNote, type ThreadNoteCode } from './thread-note.js';
export { type ExceptedOnBase, type PrHold, type PrHoldCode, type ReapplyProblem } from './pr-hold.js';
export { type ExplainedWith, type TargetRef } from './target-ref.js';
export {
  type PullRequestRef,
  type PullRequestState,
  type RepoError,
  type RepoFile,
  type RepoPort,
  type RepoResult,
  type WorkflowRunState,
} from './rules-repository-port.js';
export {
  type AlertsPort,
  type ApprovalsPort,
  type AuditPort,
  type BatchWriter,
  type Clock,
  type GroupsPort,
  type HomeStore,
  type IdFactory,
  type InboxPort,
  type BacklogPort,
  type MutesPort,
  type OutboxPort,
  type ProposalsPort,
  type TriageRepos,
  type TriageStore,
} from './store-port.js';
export * from './alert-records.js';
export * from './group-records.js';
export * from './job-records.js';
export * from './decision-records.js';
export * from './home-records.js';
export * from './triage-records.js';
export * from './triage-refusals.js';
export { triageMarks, triageStatus } from './triage-status.js';
export { rulesChangeSchema, storedExceptionSchema, storedImpactSchema } from './stored-exception.js';
