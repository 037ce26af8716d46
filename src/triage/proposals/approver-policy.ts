/**
 * Who may approve exception proposals: the users in APPROVERS and/or the members of the APPROVER_GROUP user group.
 * Group membership is read from Slack at click time through a short cache (a removed approver loses the right
 * within minutes). Workspaces whose plan has no user groups get a clear fallback: APPROVERS only, and a refusal that
 * says so instead of a silent "no".
 */
import { err, ok, type Result } from '../../result.js';
import type { ApproverRefusal, Approvers, Clock } from '../ports/index.js';

export type DirectoryFailure =
  /** The workspace cannot list groups (free plan, missing scope): fall back to APPROVERS. */
  | { readonly kind: 'unsupported'; readonly detail: string }
  /** Slack is unreachable right now. */
  | { readonly kind: 'unavailable'; readonly detail: string };

/** The members of a user group, or why they cannot be listed. */
export type DirectoryAnswer = Result<readonly string[], DirectoryFailure>;

export interface ApproverDirectory {
  groupMembers(groupId: string): Promise<DirectoryAnswer>;
}

export interface ApproverPolicy {
  check(userId: string): Promise<Result<void, ApproverRefusal>>;
  /** Who approves (for the proposal message and refusals). */
  readonly approvers: Approvers;
}

export function createApproverPolicy(options: {
  readonly approvers: readonly string[];
  readonly group: string | undefined;
  readonly directory: ApproverDirectory;
  readonly clock: Clock;
  readonly cacheMs?: number;
}): ApproverPolicy {
  const cacheMs = options.cacheMs ?? 5 * 60_000;
  const approvers: Approvers = { users: options.approvers, group: options.group };
  let cached: { readonly at: number; readonly answer: DirectoryAnswer } | undefined;

  async function members(): Promise<DirectoryAnswer | undefined> {
    if (options.group === undefined) return undefined;
    const now = options.clock.now().getTime();
    if (cached !== undefined && now - cached.at < cacheMs && cached.answer.ok) return cached.answer;
    const answer = await options.directory.groupMembers(options.group);
    // Keep a good answer when Slack is briefly unreachable; never cache a failure for long.
    if (answer.ok) cached = { at: now, answer };
    else if (
      answer.error.kind === 'unavailable' &&
      cached?.answer.ok === true &&
      now - cached.at < 4 * cacheMs
    ) {
      return cached.answer;
    }
    return answer;
  }

  return {
    approvers,
    async check(userId) {
      if (options.approvers.includes(userId)) return ok(undefined);
      const answer = await members();
      if (answer === undefined) {
        return err(
          options.approvers.length === 0
            ? { code: 'no_approvers_configured' }
            : { code: 'not_an_approver', approvers },
        );
      }
      if (answer.ok) {
        return answer.value.includes(userId) ? ok(undefined) : err({ code: 'not_an_approver', approvers });
      }
      return answer.error.kind === 'unsupported'
        ? err({ code: 'approver_group_unlistable', detail: answer.error.detail, approvers })
        : err({ code: 'approver_check_failed', detail: answer.error.detail });
    },
  };
}
