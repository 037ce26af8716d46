/** Mutes, approvals and the audit log as the workflow and the store both speak of them. */

export type MuteTargetKind = 'rule' | 'fingerprint';

export interface NewMute {
  readonly id: string;
  readonly targetKind: MuteTargetKind;
  readonly target: string;
  readonly until: Date;
  readonly createdBy: string;
  readonly reason: string | null;
  readonly createdAt: Date;
  /** Only the alerts of this target (Falco deployment) are muted; null or absent: every target's. */
  readonly falcoTarget?: string | null;
}

export interface Mute extends NewMute {
  readonly falcoTarget: string | null;
  readonly revokedAt: Date | null;
  readonly revokedBy: string | null;
}

export interface Approval {
  readonly proposalId: string;
  readonly userId: string;
  readonly approvedAt: Date;
}

export interface NewAuditEntry {
  readonly at: Date;
  /** A Slack user id, `github:<login>`, or `system`. */
  readonly actor: string;
  /** Dotted verb, e.g. `proposal.approved`, `group.acknowledged`, `mute.created`. */
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface AuditEntry extends Required<NewAuditEntry> {
  readonly id: number;
}
