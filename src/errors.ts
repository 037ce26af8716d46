/**
 * Errors that cross a module boundary carry a stable code and, where there is one, the cause: a thrown BotError
 * (the store), or the code of an outbox job that will be retried or was given up (the job runner logs and records
 * it). Each inbound edge (HTTP response, job record, CLI exit status) translates codes in one place.
 *
 * Not errors: a person refused (not an approver, a proposal already decided) or a step that cannot be done (a rule
 * not loaded, a pull request GitHub refused). Those are expected outcomes, values with codes of their own
 * (src/triage/ports/refusals.ts and problems.ts) that the chat adapter words. Nor the domain's own reports (a
 * condition that does not parse: src/falco/condition/syntax-error.ts).
 */
export type BotErrorCode =
  /** The store cannot be reached, is closed or did not answer in time: try again later. */
  | 'store_unavailable'
  /** A write lost to a concurrent one, or broke a constraint. */
  | 'store_conflict'
  /** The embedded store's files are damaged: it cannot be used until restored (docs/operations.md). */
  | 'store_damaged'
  /** The store refused a value of the request (SQLSTATE data exception, limit, NOT NULL or CHECK): the input's fault. */
  | 'store_data_error'
  /** GitHub is down, slow or rate-limiting: try again later. */
  | 'github_unavailable'
  /** GitHub's state moved while we worked (optimistic concurrency): re-read and try again. */
  | 'github_conflict'
  /** GitHub refused for good (not found, forbidden, invalid): an operator has to act. */
  | 'github_refused'
  /** Slack is down, slow or rate-limiting: try again later. */
  | 'slack_unavailable'
  /** Slack refused for good (channel_not_found, invalid_blocks, …): an operator has to act. */
  | 'slack_refused'
  /** A bug: an invariant broke, a job kind has no handler, a handler threw. */
  | 'internal';

export class BotError extends Error {
  constructor(
    readonly code: BotErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BotError';
  }
}

/** The message of any thrown value, for logs and error replies (never includes a stack). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
