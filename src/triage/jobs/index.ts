/**
 * The generic outbox machinery: job kinds and payloads (and the schemas of the records they carry), the runner that
 * claims and settles jobs, the polling loop and the retry policy.
 * May import: ports.
 */
export {
  channelKey,
  explainJobPayload,
  groupJobPayload,
  GITHUB_PASS_KEY,
  groupKey,
  JOB_GROUP_ESCALATION,
  JOB_GROUP_EXPLAIN,
  JOB_GROUP_MARKS,
  JOB_GROUP_POST,
  JOB_GROUP_SAMPLES,
  JOB_GROUP_UPDATE,
  JOB_PR_OPEN,
  JOB_PR_REFRESH,
  JOB_PR_REMOVE,
  JOB_PROPOSAL_POST,
  JOB_PROPOSAL_UPDATE,
  JOB_THREAD_NOTE,
  proposalJobPayload,
  proposalKey,
  prRefreshPassJob,
  prRefreshPayload,
  prRefreshRetryJob,
  samplesJobPayload,
  SLACK_JOB_KINDS,
  threadNotePayload,
} from './job-kinds.js';
export { prFailure, prHold, threadNote } from './record-schemas.js';
export { chatFailure } from './chat-failure.js';
export { createJobRunner, type JobHandler, type JobOutcome, type JobRunner } from './job-runner.js';
export { createPollingLoop } from './polling-loop.js';
export { backoffMs, givesUp, type RetryPolicy } from './retry-policy.js';
