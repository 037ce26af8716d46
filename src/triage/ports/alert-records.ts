/** Stored alerts as the workflow and the store both speak of them (the `alerts` table). */

/** Where an alert came from: Falco's http_output, Falcosidekick's webhook, pasted in Slack, or `POST /test`. */
export type AlertOrigin = 'falco' | 'falcosidekick' | 'manual' | 'test';

export interface NewAlert {
  /** Caller-made (see `newId`), so a batch can report the id of each input. */
  readonly id: string;
  readonly receivedAt: Date;
  readonly eventTime: Date;
  readonly rule: string;
  /** As sent, e.g. `Warning`. */
  readonly priority: string;
  /** 0 (Emergency) to 7 (Debug), Falco's order: lower is more severe. */
  readonly priorityLevel: number;
  readonly source: string | null;
  readonly hostname: string | null;
  readonly tags: readonly string[];
  readonly output: string;
  readonly outputFields: Readonly<Record<string, unknown>>;
  /** The alert exactly as received (its own JSON text, or the plain-text line). */
  readonly raw: string;
  readonly fingerprint: string;
  /** Falcosidekick's `uuid` when present: the same key twice is stored once. */
  readonly dedupeKey: string | null;
  readonly origin: AlertOrigin;
  /** Name of the route that matched (null: the default channel). */
  readonly route: string | null;
  /** Channels the alert is delivered to (empty: stored only). */
  readonly channels: readonly string[];
  /** The target (Falco deployment) the alert belongs to; null or absent: none matched (or stored before targets). */
  readonly falcoTarget?: string | null;
  /**
   * New values of the group's sample fields this alert brings (see alert-samples.ts); queued for grouping with the
   * alert, absent for alerts stored without grouping.
   */
  readonly samples?: Readonly<Record<string, string>>;
}

/**
 * What grouping needs of stored alerts: the alerts of one intake commit with the same fingerprint, channels and
 * target, counted together (or one alert). Intake queues it in the transaction that stores the alerts (only new
 * alerts that go to a channel, never a duplicate); a grouping pass takes it, counts it into its groups and queues
 * the Slack work (src/triage/alerts/grouping-pass.ts).
 */
export interface GroupingItem {
  readonly fingerprint: string;
  readonly channels: readonly string[];
  readonly rule: string;
  readonly falcoTarget: string | null;
  readonly count: number;
  readonly firstAlertId: string;
  readonly lastAlertId: string;
  /** When the first and the last of them were received. */
  readonly firstAt: Date;
  readonly at: Date;
  /** Distinct values of the sample fields among them, a few per field, in order of arrival. */
  readonly samples: Readonly<Record<string, readonly string[]>>;
}

export type StoredAlert = NewAlert;

export interface InsertedAlert {
  /** The stored id: the input's own, or for a duplicate the id the same alert was first stored under. */
  readonly id: string;
  readonly duplicate: boolean;
}

/** The alerts of some rules (all when omitted) with `since <= event_time < until`. */
export interface AlertWindow {
  readonly since: Date;
  readonly until?: Date;
  readonly rules?: readonly string[];
  /** Only the alerts of this target (an exception in one target's rules silences nothing elsewhere). */
  readonly falcoTarget?: string;
}

/**
 * A condition on one output field, compared as text (`output_fields ->> field`): numbers compare by their decimal
 * text and a JSON null never matches.
 */
export type FieldMatch =
  | { readonly field: string; readonly op: 'in'; readonly values: readonly string[] }
  | { readonly field: string; readonly op: 'startswith'; readonly prefix: string }
  | { readonly field: string; readonly op: 'contains'; readonly text: string };

export interface AlertSummary {
  readonly total: number;
  readonly hosts: number;
  /** Distinct container images (`container.image.repository`) among the matching alerts. */
  readonly images: number;
  /** Matching alerts per rule (rules with none are left out). */
  readonly byRule: Readonly<Record<string, number>>;
  /** Every alert of the window per rule, matching or not: what "most of this rule's alerts" is measured against. */
  readonly totals: Readonly<Record<string, number>>;
}

/** Keyset position for `scan`: continue after this alert. */
export interface AlertCursor {
  readonly eventTime: Date;
  readonly id: string;
}

export type ScannedAlert = Pick<
  StoredAlert,
  | 'id'
  | 'eventTime'
  | 'rule'
  | 'priorityLevel'
  | 'source'
  | 'hostname'
  | 'tags'
  | 'outputFields'
  | 'fingerprint'
>;
