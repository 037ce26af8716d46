import type { HomePort } from './home-records.js';
import type { Result } from '../../result.js';
import type {
  ChangeRefused,
  CreateProposalResult,
  NewProposal,
  Proposal,
  ProposalPatch,
  ProposalStatus,
} from './proposal-record.js';
import type {
  AlertCursor,
  AlertSummary,
  AlertWindow,
  FieldMatch,
  GroupingItem,
  InsertedAlert,
  NewAlert,
  ScannedAlert,
  StoredAlert,
} from './alert-records.js';
import type { AcknowledgeResult, AlertGroup, Occurrence, OccurrenceInput } from './group-records.js';
import type { GroupTriage, TriageSummary } from './triage-records.js';
import type { ClaimOptions, EnqueueResult, Job, Lease, NewJob, OutboxStats } from './job-records.js';
import type { Approval, Mute, MuteTargetKind, NewAuditEntry, NewMute } from './decision-records.js';

/**
 * What the workflow needs from the outside, as small interfaces. The store adapter (src/store) satisfies the
 * storage ports structurally; src/main.ts passes it in. Keeping these here (not importing the store) is what keeps
 * the workflow testable and the adapters swappable.
 */

export interface AlertsPort {
  /** `group`: queue the new alerts that go to a channel for grouping, in the same commit (GroupingItem). */
  insert(alerts: readonly NewAlert[], options?: { readonly group?: boolean }): Promise<InsertedAlert[]>;
  get(id: string): Promise<StoredAlert | undefined>;
  /** How many alerts of the window match every condition, on how many hosts, per rule (computed in SQL). */
  summarize(window: AlertWindow & { readonly where?: readonly FieldMatch[] }): Promise<AlertSummary>;
  /** Alerts in a window, oldest first, a page at a time. */
  scan(
    window: AlertWindow & {
      readonly where?: readonly FieldMatch[];
      readonly after?: AlertCursor;
      readonly limit: number;
    },
  ): Promise<ScannedAlert[]>;
}

export interface GroupsPort {
  recordOccurrences(inputs: readonly OccurrenceInput[]): Promise<Occurrence[]>;
  get(id: string): Promise<AlertGroup | undefined>;
  setSlackTs(id: string, slackTs: string, now: Date): Promise<boolean>;
  acknowledge(id: string, by: string, at: Date): Promise<AcknowledgeResult>;
  /** The group behind a chat message (a reaction names the channel and the message's ts). */
  findByMessage(channel: string, slackTs: string): Promise<AlertGroup | undefined>;
  /** Locks the group until the transaction ends (read its triage state, decide, save). */
  lockForTriage(id: string): Promise<AlertGroup | undefined>;
  /** Writes the triage state (and the status column that follows from it). */
  saveTriage(id: string, triage: GroupTriage, now: Date): Promise<AlertGroup | undefined>;
  /** Records the escalation's thread reply once; false when it was already recorded. */
  setEscalationAnnounced(id: string, ts: string, now: Date): Promise<boolean>;
  /** Triage over the groups last seen since `since`, with at most `limit` groups in each list. */
  triageSummary(since: Date, limit: number): Promise<TriageSummary>;
}

/** Alerts stored and waiting to be grouped (GroupingItem), oldest first. */
export interface BacklogPort {
  /**
   * Takes (deletes) the items of the oldest intake commits, counting about `maxAlerts` alerts (at least one
   * commit's), skipping those another transaction holds: call it in the transaction that records what the items
   * became, so a failure puts them back. `more`: other items may be waiting.
   */
  take(maxAlerts: number): Promise<{ readonly items: GroupingItem[]; readonly more: boolean }>;
}

/** Deliveries from the chat platform (event ids) already seen: Slack retries and duplicates change nothing. */
export interface InboxPort {
  /** True the first time `eventId` is claimed; false for a duplicate. Forgets ids older than `forgetBefore`. */
  claim(eventId: string, now: Date, forgetBefore: Date): Promise<boolean>;
}

export interface OutboxPort {
  enqueue(job: NewJob, now: Date): Promise<EnqueueResult>;
  claim(options: ClaimOptions): Promise<Job[]>;
  complete(lease: Lease, now: Date): Promise<boolean>;
  retry(lease: Lease, now: Date, retryAt: Date, error: string): Promise<boolean>;
  fail(lease: Lease, now: Date, error: string): Promise<boolean>;
  /** Whether any job (in any state) was ever queued with this coalesce key. */
  hasJob(coalesceKey: string): Promise<boolean>;
  /** Holds back the pending jobs of an ordering key until `until` (Slack's per-channel pace, Retry-After). */
  pace(orderingKey: string, until: Date): Promise<number>;
  stats(now: Date): Promise<OutboxStats>;
}

export interface MutesPort {
  live(now: Date): Promise<Mute[]>;
  /** Creates a mute, replacing the target's live one. */
  mute(mute: NewMute): Promise<Mute>;
  /** Ends the target's live mute (of one Falco target, or the one of all when null); undefined when not muted. */
  unmute(
    targetKind: MuteTargetKind,
    target: string,
    by: string,
    now: Date,
    falcoTarget?: string | null,
  ): Promise<Mute | undefined>;
}

export interface ProposalsPort {
  create(proposal: NewProposal): Promise<CreateProposalResult>;
  get(id: string): Promise<Proposal | undefined>;
  /** Locks the proposal until the transaction ends (count approvals, then decide). */
  lockForUpdate(id: string): Promise<Proposal | undefined>;
  findLiveEquivalent(equivalenceKey: string): Promise<Proposal | undefined>;
  latestForGroup(groupId: string): Promise<Proposal | undefined>;
  /**
   * The lookups and lists below take an optional target: pull request numbers repeat across repositories, and each
   * target's rollout follows only its own proposals.
   */
  findByPullRequest(prNumber: number, falcoTarget?: string): Promise<Proposal | undefined>;
  findByBranch(branch: string, falcoTarget?: string): Promise<Proposal | undefined>;
  findByMergeCommit(sha: string, falcoTarget?: string): Promise<Proposal | undefined>;
  list(statuses: readonly ProposalStatus[], limit?: number, falcoTarget?: string): Promise<Proposal[]>;
  listPendingExpired(now: Date, limit?: number): Promise<Proposal[]>;
  listExceptionsExpired(now: Date, limit?: number, falcoTarget?: string): Promise<Proposal[]>;
  transition(change: {
    readonly id: string;
    readonly from: readonly ProposalStatus[];
    readonly to: ProposalStatus;
    readonly now: Date;
    readonly expectedVersion?: number;
    readonly patch?: ProposalPatch;
  }): Promise<Result<Proposal, ChangeRefused>>;
  update(change: {
    readonly id: string;
    readonly now: Date;
    readonly patch: ProposalPatch;
    readonly expectedVersion?: number;
  }): Promise<Result<Proposal, ChangeRefused>>;
}

export interface ApprovalsPort {
  add(approval: Approval): Promise<{ readonly added: boolean; readonly count: number }>;
  list(proposalId: string): Promise<Approval[]>;
}

export interface AuditPort {
  append(entry: NewAuditEntry): Promise<unknown>;
}

export interface TriageRepos {
  readonly alerts: AlertsPort;
  readonly groups: GroupsPort;
  readonly outbox: OutboxPort;
  readonly mutes: MutesPort;
  readonly audit: AuditPort;
  readonly proposals: ProposalsPort;
  readonly approvals: ApprovalsPort;
  readonly inbox: InboxPort;
  readonly backlog: BacklogPort;
}

export interface TriageStore extends TriageRepos {
  transaction<T>(fn: (tx: TriageRepos) => Promise<T>): Promise<T>;
}

/** The store as App Home reads it. */
export interface HomeStore extends TriageStore {
  readonly home: HomePort;
}

/** Batches concurrent writes into shared transactions (src/store/group-commit.ts). */
export interface BatchWriter<I, O> {
  write(items: readonly I[]): Promise<O[]>;
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export type IdFactory = (nowMs: number) => string;
