import type { FieldMap } from '../../falco/alert/index.js';
import type { Priority } from '../../falco/alert/index.js';
import type { PrFailure } from './problems.js';
import type { TargetRef } from './target-ref.js';
import type { Resolution, TriageStatus } from './triage-records.js';

/** The group's triage state as its message shows it (times in ms, as elsewhere in the view). */
export interface GroupTriageView {
  readonly status: TriageStatus;
  readonly assignee: { readonly user: string; readonly by: string; readonly atMs: number } | undefined;
  readonly resolution:
    | {
        readonly kind: Resolution;
        readonly note: string | undefined;
        readonly by: string;
        readonly atMs: number;
      }
    | undefined;
  readonly escalation: { readonly usergroup: string; readonly by: string; readonly atMs: number } | undefined;
  /** Whether an escalation group is configured for this group's priority or channel (the Escalate button). */
  readonly canEscalate: boolean;
}

/** Where the group's exception work stands, as the alert message shows it. */
export type ProposalBadge =
  | {
      readonly state: 'pending';
      readonly proposalId: string;
      readonly approvals: number;
      readonly required: number;
    }
  | {
      readonly state: 'pr_open';
      readonly proposalId: string;
      readonly prUrl: string;
      readonly prNumber: number;
    }
  | {
      readonly state: 'merged';
      readonly proposalId: string;
      readonly prUrl: string;
      readonly prNumber: number;
    }
  | {
      readonly state: 'deployed';
      readonly proposalId: string;
      readonly prUrl: string;
      readonly prNumber: number;
      readonly runNumber: number | undefined;
      readonly runUrl: string | undefined;
    }
  | {
      readonly state: 'deploy_failed';
      readonly proposalId: string;
      readonly prUrl: string;
      readonly runUrl: string | undefined;
    }
  | { readonly state: 'rejected'; readonly proposalId: string; readonly by: string; readonly reason: string }
  | { readonly state: 'closed_unmerged'; readonly proposalId: string; readonly prUrl: string }
  /** `failure`: why the pull request could not be opened (undefined when nothing was recorded). */
  | { readonly state: 'failed'; readonly proposalId: string; readonly failure: PrFailure | undefined }
  | { readonly state: 'expired'; readonly proposalId: string };

/** Placeholders a message link's URL may hold (see src/triage/alerts/message-style.ts). */
export const LINK_PLACEHOLDERS = [
  'rule',
  'rule_slug',
  'priority',
  'source',
  'hostname',
  'fingerprint',
  'time',
  'time_ms',
  'time_s',
  'from_ms',
  'to_ms',
  'from',
  'to',
] as const;

export interface MessageLink {
  readonly text: string;
  /** With placeholders, checked when the routes file was read. */
  readonly url: string;
  /** Rule globs the link is for; undefined: every rule. */
  readonly rules?: readonly string[];
}

/** How a route's alert messages look (the routes file's `message:`). */
export interface MessageStyle {
  readonly form: 'full' | 'compact';
  /** The fields to show, in order; undefined: all of them, identity and actor fields first. */
  readonly fields?: readonly string[];
  readonly hideUnknown: boolean;
  readonly showFingerprint: boolean;
  readonly links: readonly MessageLink[];
}

/**
 * Everything the chat adapter needs to render (or re-render) one alert group's message: the first alert of the
 * group as its sample, the counters and the group's state. Built by the workflow from stored state at send time,
 * so a coalesced update always shows the latest figures.
 */
export interface GroupView {
  readonly groupId: string;
  readonly rule: string;
  readonly priority: Priority;
  readonly source: string;
  readonly hostname: string | undefined;
  readonly tags: readonly string[];
  /** The rule output without the time/priority header. */
  readonly message: string | undefined;
  readonly fields: FieldMap;
  /** The group's fingerprint (`/falco mute <fingerprint>` mutes exactly this group's alerts). */
  readonly fingerprint: string;
  /** Fields that make up the fingerprint (shown first). */
  readonly identityFields: readonly string[];
  readonly count: number;
  readonly firstSeenMs: number;
  readonly lastSeenMs: number;
  readonly acknowledged: { readonly by: string; readonly atMs: number } | undefined;
  readonly muted: { readonly by: string; readonly untilMs: number } | undefined;
  readonly proposal: ProposalBadge | undefined;
  /** False when exception proposals cannot be made (GitHub not configured); the button then explains why. */
  readonly proposalsAvailable: boolean;
  /** The look its route asks for; undefined: the default (full form). */
  readonly style?: MessageStyle;
  /** The first alert's time: RFC 3339 with its nanoseconds, and in ms (for link placeholders). */
  readonly time?: { readonly iso: string; readonly epochMs: number };
  /** Assignee, resolution, escalation and the triage buttons; without it the message offers Acknowledge only. */
  readonly triage?: GroupTriageView;
  /** Where an exception for this alert goes; null: it matched no target (explain only); absent: not shown. */
  readonly falcoTarget?: TargetRef | null;
}
