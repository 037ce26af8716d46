import type { Result } from '../../result.js';
import type {
  ChangeRefused,
  CreateProposalResult,
  NewProposal,
  Proposal,
  ProposalPatch,
  ProposalStatus,
} from './proposal-record.js';

/**
 * What the workflow needs from the outside, as small interfaces. The store adapter (src/store) satisfies the
 * storage ports structurally; src/main.ts passes it in. Keeping these here (not importing the store) is what keeps
 * the workflow testable and the adapters swappable.
 */

export interface NewAlertRow {
  readonly id: string;
  readonly receivedAt: Date;
  readonly eventTime: Date;
  readonly rule: string;
  readonly priority: string;
  /** 0 (Emergency) to 7 (Debug): lower is more severe. */
  readonly priorityLevel: number;
  readonly source: string | null;
  readonly hostname: string | null;
  readonly tags: readonly string[];
  readonly output: string;
  readonly outputFields: Readonly<Record<string, unknown>>;
  readonly raw: string;
  readonly fingerprint: string;
  readonly dedupeKey: string | null;
  readonly origin: 'falco' | 'falcosidekick' | 'manual' | 'test';
  readonly route: string | null;
  readonly channels: readonly string[];
}

export type AlertRow = NewAlertRow;

export interface GroupRow {
  readonly id: string;
  readonly fingerprint: string;
  readonly channel: string;
  readonly rule: string;
  readonly firstAlertId: string;
  readonly lastAlertId: string;
  readonly count: number;
  readonly firstSeen: Date;
  readonly lastSeen: Date;
  readonly samples: Readonly<Record<string, readonly string[]>>;
  readonly slackTs: string | null;
  readonly state: 'open' | 'acknowledged';
  readonly acknowledgedBy: string | null;
  readonly acknowledgedAt: Date | null;
  readonly mutedUntil: Date | null;
  readonly closedAt: Date | null;
}

export interface OccurrenceInput {
  readonly newGroupId: string;
  readonly fingerprint: string;
  readonly channel: string;
  readonly rule: string;
  readonly alertId: string;
  readonly firstAlertId?: string;
  readonly at: Date;
  readonly count?: number;
  readonly samples?: Readonly<Record<string, readonly string[]>>;
  readonly windowMs: number;
  readonly maxSamplesPerField?: number;
}

export interface OccurrenceRow {
  readonly group: GroupRow;
  readonly started: boolean;
  readonly newSamples: Readonly<Record<string, readonly string[]>>;
}

export interface MuteRow {
  readonly id: string;
  readonly targetKind: 'rule' | 'fingerprint';
  readonly target: string;
  readonly until: Date;
  readonly createdBy: string;
  readonly reason: string | null;
  readonly createdAt: Date;
}

export interface NewJobRow {
  readonly kind: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly orderingKey?: string | null;
  readonly coalesceKey?: string | null;
  readonly runAt?: Date;
}

export interface JobRow {
  readonly id: number;
  readonly kind: string;
  readonly orderingKey: string | null;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly attempts: number;
  readonly lockedBy: string | null;
  readonly createdAt: Date;
}

export interface LeaseRef {
  readonly id: number;
  readonly workerId: string;
  readonly attempts: number;
}

export interface NewAuditRow {
  readonly at: Date;
  readonly actor: string;
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** A condition on one output field, compared as text (a JSON null never matches). */
export type FieldMatch =
  | { readonly field: string; readonly op: 'in'; readonly values: readonly string[] }
  | { readonly field: string; readonly op: 'startswith'; readonly prefix: string };

export interface ScannedAlertRow {
  readonly id: string;
  readonly eventTime: Date;
  readonly rule: string;
  readonly hostname: string | null;
  readonly outputFields: Readonly<Record<string, unknown>>;
}

export interface AlertsPort {
  insert(alerts: readonly NewAlertRow[]): Promise<{ readonly id: string; readonly duplicate: boolean }[]>;
  get(id: string): Promise<AlertRow | undefined>;
  /** How many alerts of the window match every condition, on how many hosts, per rule (computed in SQL). */
  summarize(window: {
    readonly since: Date;
    readonly until?: Date;
    readonly rules?: readonly string[];
    readonly where?: readonly FieldMatch[];
  }): Promise<{
    readonly total: number;
    readonly hosts: number;
    /** Distinct images among the matching alerts. */
    readonly images: number;
    /** Matching alerts per rule. */
    readonly byRule: Readonly<Record<string, number>>;
    /** All alerts of the window per rule, matching or not. */
    readonly totals: Readonly<Record<string, number>>;
  }>;
  /** Alerts in a window, oldest first, a page at a time. */
  scan(window: {
    readonly since: Date;
    readonly until?: Date;
    readonly rules?: readonly string[];
    readonly where?: readonly FieldMatch[];
    readonly after?: { readonly eventTime: Date; readonly id: string };
    readonly limit: number;
  }): Promise<ScannedAlertRow[]>;
}

export interface GroupsPort {
  recordOccurrences(inputs: readonly OccurrenceInput[]): Promise<OccurrenceRow[]>;
  get(id: string): Promise<GroupRow | undefined>;
  setSlackTs(id: string, slackTs: string, now: Date): Promise<boolean>;
  acknowledge(
    id: string,
    by: string,
    at: Date,
  ): Promise<{ readonly changed: boolean; readonly group: GroupRow | undefined }>;
}

export interface OutboxPort {
  enqueue(job: NewJobRow, now: Date): Promise<{ readonly id: number; readonly coalesced: boolean }>;
  claim(options: {
    readonly workerId: string;
    readonly now: Date;
    readonly leaseMs: number;
    readonly limit: number;
    readonly kinds?: readonly string[];
  }): Promise<JobRow[]>;
  complete(lease: LeaseRef, now: Date): Promise<boolean>;
  retry(lease: LeaseRef, now: Date, retryAt: Date, error: string): Promise<boolean>;
  fail(lease: LeaseRef, now: Date, error: string): Promise<boolean>;
  /** Whether any job (in any state) was ever queued with this coalesce key. */
  hasJob(coalesceKey: string): Promise<boolean>;
  /** Holds back the pending jobs of an ordering key until `until` (Slack's per-channel pace, Retry-After). */
  pace(orderingKey: string, until: Date): Promise<number>;
  stats(now: Date): Promise<{ readonly pending: number; readonly due: number; readonly dead: number }>;
}

export interface MutesPort {
  live(now: Date): Promise<MuteRow[]>;
  /** Creates a mute, replacing the target's live one. */
  mute(mute: MuteRow): Promise<MuteRow>;
  /** Ends the target's live mute; undefined when it was not muted. */
  unmute(
    targetKind: MuteRow['targetKind'],
    target: string,
    by: string,
    now: Date,
  ): Promise<MuteRow | undefined>;
}

export interface ProposalsPort {
  create(proposal: NewProposal): Promise<CreateProposalResult>;
  get(id: string): Promise<Proposal | undefined>;
  /** Locks the proposal until the transaction ends (count approvals, then decide). */
  lockForUpdate(id: string): Promise<Proposal | undefined>;
  findLiveEquivalent(equivalenceKey: string): Promise<Proposal | undefined>;
  latestForGroup(groupId: string): Promise<Proposal | undefined>;
  findByPullRequest(prNumber: number): Promise<Proposal | undefined>;
  findByBranch(branch: string): Promise<Proposal | undefined>;
  findByMergeCommit(sha: string): Promise<Proposal | undefined>;
  list(statuses: readonly ProposalStatus[], limit?: number): Promise<Proposal[]>;
  listPendingExpired(now: Date, limit?: number): Promise<Proposal[]>;
  listExceptionsExpired(now: Date, limit?: number): Promise<Proposal[]>;
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
  add(approval: {
    readonly proposalId: string;
    readonly userId: string;
    readonly approvedAt: Date;
  }): Promise<{ readonly added: boolean; readonly count: number }>;
  list(
    proposalId: string,
  ): Promise<{ readonly proposalId: string; readonly userId: string; readonly approvedAt: Date }[]>;
}

export interface AuditPort {
  append(entry: NewAuditRow): Promise<unknown>;
}

export interface TriageRepos {
  readonly alerts: AlertsPort;
  readonly groups: GroupsPort;
  readonly outbox: OutboxPort;
  readonly mutes: MutesPort;
  readonly audit: AuditPort;
  readonly proposals: ProposalsPort;
  readonly approvals: ApprovalsPort;
}

export interface TriageStore extends TriageRepos {
  transaction<T>(fn: (tx: TriageRepos) => Promise<T>): Promise<T>;
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
