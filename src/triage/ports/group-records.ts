/** Alert groups (`alert_groups`): one Slack message per fingerprint and channel within the grouping window. */
import type { GroupTriage } from './triage-records.js';

/** The `state` column: the triage status (see GroupTriage for who and when). */
export type GroupState = 'open' | 'acknowledged' | 'resolved';

export interface AlertGroup {
  readonly id: string;
  readonly fingerprint: string;
  readonly channel: string;
  readonly rule: string;
  readonly firstAlertId: string;
  readonly lastAlertId: string;
  readonly count: number;
  readonly firstSeen: Date;
  readonly lastSeen: Date;
  /** Distinct values seen per field, capped (see `maxSamplesPerField`). */
  readonly samples: Readonly<Record<string, readonly string[]>>;
  readonly slackTs: string | null;
  readonly state: GroupState;
  readonly acknowledgedBy: string | null;
  readonly acknowledgedAt: Date | null;
  readonly mutedUntil: Date | null;
  /** Set when the window passed and a newer group took over this fingerprint and channel. */
  readonly closedAt: Date | null;
  /** The target of the group's alerts (null: none matched, or stored before targets). */
  readonly falcoTarget: string | null;
  readonly updatedAt: Date;
  /** Acknowledgement, assignee, resolution and escalation (acknowledgedBy/At repeat `triage.acknowledged`). */
  readonly triage: GroupTriage;
}

export interface OccurrenceInput {
  /** The id the group gets if this occurrence starts one (caller-made, see `newId`). */
  readonly newGroupId: string;
  readonly fingerprint: string;
  readonly channel: string;
  readonly rule: string;
  /** The latest alert folded into this call. */
  readonly alertId: string;
  /** The earliest alert folded into this call, when several are (defaults to `alertId`). */
  readonly firstAlertId?: string;
  /** When the latest of the alerts was seen (received). */
  readonly at: Date;
  /** When the earliest was seen, when several are (defaults to `at`): a new group's first sighting. */
  readonly firstAt?: Date;
  /** How many alerts this call folds in (default 1): intake aggregates a batch per group. */
  readonly count?: number;
  /** Values of the identity fields seen in these alerts. */
  readonly samples?: Readonly<Record<string, readonly string[]>>;
  /** A current group whose last alert is older than this is closed, and a new group starts. */
  readonly windowMs: number;
  readonly maxSamplesPerField?: number;
  /** The target of the alerts (recorded when the group starts; the fingerprint already tells targets apart). */
  readonly falcoTarget?: string | null;
}

export interface Occurrence {
  readonly group: AlertGroup;
  /** True when this call created the group: its caller posts the Slack message. */
  readonly started: boolean;
  /** Sample values this call added (new distinct values worth a thread reply). */
  readonly newSamples: Readonly<Record<string, readonly string[]>>;
  /** The stale group this call closed, if any. */
  readonly closed: AlertGroup | undefined;
}

export type AcknowledgeResult =
  | { readonly changed: true; readonly group: AlertGroup }
  | { readonly changed: false; readonly group: AlertGroup | undefined };
