/**
 * Errors that cross a module boundary carry a stable code and, where there is one, the cause. Each inbound edge
 * (HTTP response, Slack message, CLI exit status) translates codes in one place.
 */
export type BotErrorCode =
  | 'config_invalid'
  | 'alert_invalid'
  | 'alert_unauthorized'
  | 'store_unavailable'
  | 'store_conflict'
  /** The store refused a value of the request (SQLSTATE data exception, limit, NOT NULL or CHECK): the input's fault. */
  | 'store_data_error'
  | 'rules_invalid'
  | 'rule_not_found'
  | 'condition_syntax'
  | 'proposal_not_found'
  | 'proposal_forbidden'
  | 'proposal_expired'
  | 'proposal_already_decided'
  | 'verification_failed'
  | 'github_unavailable'
  | 'github_not_configured'
  | 'github_conflict'
  | 'slack_unavailable'
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
