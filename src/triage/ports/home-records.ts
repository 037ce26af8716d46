/**
 * What a person's App Home shows, as data: the store's answers (HomePort) and the report the chat adapter renders.
 */
import type { AlertGroup } from './group-records.js';
import type { Mute } from './decision-records.js';
import type { Proposal } from './proposal-record.js';

export interface RuleNoise {
  readonly rule: string;
  /** Alerts of the last 24 hours. */
  readonly last24h: number;
  /** Alerts of the 24 hours before: the trend. */
  readonly previous24h: number;
}

export interface HomePort {
  /** Remembers that `userId` looked at their App Home (they get updates while they may be looking). */
  noteOpened(userId: string, at: Date): Promise<void>;
  /** Who opened their App Home since `since`. */
  openedSince(since: Date): Promise<string[]>;
  /** The newest proposals of `proposer`, newest first. */
  proposalsOf(proposer: string, limit: number): Promise<Proposal[]>;
  /** Of `proposalIds`, those `userId` has approved. */
  approvedBy(userId: string, proposalIds: readonly string[]): Promise<Set<string>>;
  /** Groups seen since `since` that nobody acknowledged, newest first; `channels` undefined: every channel. */
  unacknowledged(
    channels: readonly string[] | undefined,
    since: Date,
    limit: number,
  ): Promise<{ readonly total: number; readonly groups: AlertGroup[] }>;
  /** The rules with the most alerts in the 24 hours before `now`, with the 24 hours before that. */
  noisiestRules(now: Date, limit: number): Promise<RuleNoise[]>;
  /** The newest audit entry's id (0 when none): it moves whenever anything a home shows may have changed. */
  auditHead(): Promise<number>;
}

export interface HomeReport {
  readonly userId: string;
  /** Pending proposals this person may approve and has not yet (never their own). */
  readonly waiting: readonly Proposal[];
  readonly waitingTotal: number;
  /** False when this person is no approver: the section says so instead of listing. */
  readonly isApprover: boolean;
  readonly own: readonly Proposal[];
  readonly unacknowledged: { readonly total: number; readonly groups: readonly AlertGroup[] };
  /** False when the person's channels could not be read: the groups are then from every channel. */
  readonly channelsKnown: boolean;
  readonly mutes: readonly Mute[];
  readonly noisiest: readonly RuleNoise[];
  readonly generatedAt: Date;
}
