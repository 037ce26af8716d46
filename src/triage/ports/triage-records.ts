/**
 * An alert group's triage state as the workflow and the store speak of it: who acknowledged it, who it is assigned
 * to, how it was resolved, whom it was escalated to. Each part is set or not; the group's status follows from them
 * (triage-status.ts). Stored in `alert_groups` (migration 0009) and audited on every change.
 */

/** How a group was resolved: nothing to do (benign), or a real finding that was dealt with (true positive). */
export type Resolution = 'benign' | 'true_positive';

export const RESOLUTIONS: readonly Resolution[] = ['benign', 'true_positive'];

/** Who did it, and when. */
export interface TriageStamp {
  readonly by: string;
  readonly at: Date;
}

export interface GroupTriage {
  readonly acknowledged: TriageStamp | undefined;
  readonly assignee: (TriageStamp & { readonly user: string }) | undefined;
  readonly resolution:
    (TriageStamp & { readonly kind: Resolution; readonly note: string | undefined }) | undefined;
  /** `announcedTs`: the thread reply that mentioned the user group (set once it is posted). */
  readonly escalation:
    (TriageStamp & { readonly usergroup: string; readonly announcedTs: string | undefined }) | undefined;
}

export const UNTRIAGED: GroupTriage = {
  acknowledged: undefined,
  assignee: undefined,
  resolution: undefined,
  escalation: undefined,
};

export type TriageStatus = 'open' | 'acknowledged' | 'resolved';

/**
 * What the chat shows on a message besides its text (for Slack: the bot's own reactions). Codes only; the adapter
 * picks the emoji.
 */
export type TriageMark =
  'acknowledged' | 'assigned' | 'resolved_benign' | 'resolved_true_positive' | 'escalated';

/** One group in `/falco status`. */
export interface TriagedGroup {
  readonly groupId: string;
  readonly rule: string;
  readonly channel: string;
  readonly slackTs: string | null;
  readonly count: number;
  readonly lastSeen: Date;
  readonly status: TriageStatus;
  readonly triage: GroupTriage;
}

/** Where triage stands over the recent groups (last seen within the summary's window). */
export interface TriageSummary {
  /** Neither acknowledged nor resolved. */
  readonly open: number;
  readonly acknowledged: number;
  /** Escalated and not resolved. */
  readonly escalated: number;
  readonly resolvedBenign: number;
  readonly resolvedTruePositive: number;
  /** Unresolved groups that need someone, escalated first, then unacknowledged, newest first (a few). */
  readonly attention: readonly TriagedGroup[];
  /** The latest resolutions (a few). */
  readonly resolved: readonly TriagedGroup[];
}
