/**
 * A target (one Falco deployment: rules repository, rules file, Falco version) as chat messages name it: the alert
 * message, the false-positive modal, the proposal and `/falco status` say where an exception goes.
 */
export interface TargetRef {
  readonly name: string;
  /** `owner/name`; undefined for a target without a rules repository (explain only). */
  readonly repository: string | undefined;
  readonly baseBranch: string;
  readonly rulesFile: string | undefined;
  /** e.g. `0.36.2`. */
  readonly falcoVersion: string;
  /** The short form's one target (environment variables): its name says nothing, messages leave it out. */
  readonly implicit: boolean;
}

/** Whose rules an explanation used: the alert's own target, or (`matched` false) a stand-in for an alert of none. */
export interface ExplainedWith {
  readonly target: TargetRef;
  readonly matched: boolean;
}
