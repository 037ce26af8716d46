/**
 * Who may approve exception proposals: the users in APPROVERS and/or the members of the APPROVER_GROUP user group.
 * Group membership is read from Slack at click time through a short cache (a removed approver loses the right
 * within minutes). Workspaces whose plan has no user groups get a clear fallback: APPROVERS only, and a refusal that
 * says so instead of a silent "no".
 */
import type { Clock } from '../ports/index.js';

export type DirectoryAnswer =
  | { readonly ok: true; readonly members: readonly string[] }
  /** The workspace cannot list groups (free plan, missing scope): fall back to APPROVERS. */
  | { readonly ok: false; readonly kind: 'unsupported'; readonly detail: string }
  /** Slack is unreachable right now. */
  | { readonly ok: false; readonly kind: 'unavailable'; readonly detail: string };

export interface ApproverDirectory {
  groupMembers(groupId: string): Promise<DirectoryAnswer>;
}

export type ApproverCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export interface ApproverPolicy {
  check(userId: string): Promise<ApproverCheck>;
  /** Who approves, in words, for messages ("members of <!subteam^S…> or <@U1>"). */
  describe(): string;
}

export function createApproverPolicy(options: {
  readonly approvers: readonly string[];
  readonly group: string | undefined;
  readonly directory: ApproverDirectory;
  readonly clock: Clock;
  readonly cacheMs?: number;
}): ApproverPolicy {
  const cacheMs = options.cacheMs ?? 5 * 60_000;
  let cached: { readonly at: number; readonly answer: DirectoryAnswer } | undefined;

  async function members(): Promise<DirectoryAnswer | undefined> {
    if (options.group === undefined) return undefined;
    const now = options.clock.now().getTime();
    if (cached !== undefined && now - cached.at < cacheMs && cached.answer.ok) return cached.answer;
    const answer = await options.directory.groupMembers(options.group);
    // Keep a good answer when Slack is briefly unreachable; never cache a failure for long.
    if (answer.ok) cached = { at: now, answer };
    else if (answer.kind === 'unavailable' && cached?.answer.ok === true && now - cached.at < 4 * cacheMs) {
      return cached.answer;
    }
    return answer;
  }

  function describe(): string {
    const parts: string[] = [];
    if (options.group !== undefined) parts.push(`members of <!subteam^${options.group}>`);
    if (options.approvers.length > 0) parts.push(options.approvers.map((user) => `<@${user}>`).join(', '));
    return parts.length === 0 ? 'nobody (set APPROVERS or APPROVER_GROUP)' : parts.join(' or ');
  }

  return {
    describe,
    async check(userId) {
      if (options.approvers.includes(userId)) return { ok: true };
      const answer = await members();
      if (answer === undefined) {
        return {
          ok: false,
          reason:
            options.approvers.length === 0
              ? 'No approvers are configured yet: the falco-triage admin sets APPROVERS or APPROVER_GROUP.'
              : `Only ${describe()} can approve exceptions.`,
        };
      }
      if (answer.ok) {
        return answer.members.includes(userId)
          ? { ok: true }
          : { ok: false, reason: `Only ${describe()} can approve exceptions.` };
      }
      if (answer.kind === 'unsupported') {
        return {
          ok: false,
          reason:
            `This Slack workspace cannot list the members of the approver group (${answer.detail}), so only the ` +
            `users in APPROVERS can approve${options.approvers.length === 0 ? ', and APPROVERS is empty' : ''}. ` +
            'Ask the falco-triage admin to add you to APPROVERS.',
        };
      }
      return {
        ok: false,
        reason: `Could not check the approver group with Slack right now (${answer.detail}). Try again in a minute.`,
      };
    },
  };
}
