/**
 * Triage actions on an alert group, from any entry (a button, the assignee picker, the resolve form, a reaction),
 * decided from stored state: the request names a group (by id, or by its message) and Slack's signed user id; the
 * person is checked by the responder policy, the group is locked, the state machine decides, and the new state, the
 * audit entry and the chat work (the message's update, its marks, the escalation's mention) commit together.
 */
import { err, ok, type Result } from '../../result.js';
import { PRIORITIES } from '../../falco/alert/index.js';
import {
  JOB_GROUP_ESCALATION,
  JOB_GROUP_MARKS,
  JOB_GROUP_UPDATE,
  channelKey,
  groupKey,
} from '../jobs/index.js';
import type { AlertGroup, Clock, NewJob, TriageRefusal, TriageStore } from '../ports/index.js';
import { escalationTarget, type EscalationRule } from './escalation-rules.js';
import type { ResponderPolicy } from './responder-policy.js';
import { actionOf, decide, type TriageCommand } from './triage-machine.js';

/** Where the request came from (audited). */
export type TriageVia = 'button' | 'picker' | 'form' | 'reaction';

/** A command as people ask for it: escalate names no group (the rules choose it). */
export type TriageRequestCommand =
  Exclude<TriageCommand, { readonly kind: 'escalate' }> | { readonly kind: 'escalate' };

export type TriageTarget = { readonly groupId: string } | { readonly channel: string; readonly ts: string };

export interface TriageRequest {
  readonly target: TriageTarget;
  readonly command: TriageRequestCommand;
  /** The Slack user id the request was signed for. */
  readonly actor: string;
  readonly via: TriageVia;
  /** Audited with the change (the reaction, the event id). */
  readonly details?: Readonly<Record<string, unknown>>;
}

export type TriageOutcome = Result<AlertGroup, TriageRefusal>;

export interface GroupTriage {
  apply(request: TriageRequest): Promise<TriageOutcome>;
  /** The group a message shows (undefined for any other message). */
  groupOfMessage(channel: string, ts: string): Promise<AlertGroup | undefined>;
}

export interface GroupTriageDeps {
  readonly store: TriageStore;
  readonly clock: Clock;
  readonly policy: ResponderPolicy;
  readonly escalation: readonly EscalationRule[];
}

export function createGroupTriage(deps: GroupTriageDeps): GroupTriage {
  const { store, clock, policy } = deps;

  async function find(target: TriageTarget): Promise<AlertGroup | undefined> {
    return 'groupId' in target
      ? store.groups.get(target.groupId)
      : store.groups.findByMessage(target.channel, target.ts);
  }

  /** The user group an escalation of this group mentions (undefined: none is configured for it). */
  async function escalationFor(group: AlertGroup): Promise<string | undefined> {
    if (deps.escalation.length === 0) return undefined;
    const alert = await store.alerts.get(group.firstAlertId);
    const priority = PRIORITIES[alert?.priorityLevel ?? -1];
    return priority === undefined ? undefined : escalationTarget(deps.escalation, priority, group.channel);
  }

  /** The full command, with the user group an escalation mentions. */
  async function complete(
    group: AlertGroup,
    command: TriageRequestCommand,
  ): Promise<Result<TriageCommand, TriageRefusal>> {
    if (command.kind !== 'escalate') return ok(command);
    const usergroup = await escalationFor(group);
    if (usergroup !== undefined) return ok({ kind: 'escalate', usergroup });
    const alert = await store.alerts.get(group.firstAlertId);
    return err({
      code: 'escalation_not_configured',
      priority: alert?.priority ?? 'unknown',
      channel: group.channel,
    });
  }

  /** The chat work a change needs: the message shows the new state at once, its marks follow, a mention once. */
  function chatJobs(group: AlertGroup, command: TriageCommand): NewJob[] {
    const jobs: NewJob[] = [
      {
        kind: JOB_GROUP_UPDATE,
        payload: { groupId: group.id },
        orderingKey: groupKey(group.id),
        coalesceKey: `update:${group.id}`,
      },
      {
        kind: JOB_GROUP_MARKS,
        payload: { groupId: group.id },
        orderingKey: groupKey(group.id),
        coalesceKey: `marks:${group.id}`,
      },
    ];
    if (command.kind === 'escalate') {
      // A new message in the channel: it keeps the channel's pace, behind the group's first post.
      jobs.push({
        kind: JOB_GROUP_ESCALATION,
        payload: { groupId: group.id },
        orderingKey: channelKey(group.channel),
        coalesceKey: `escalation:${group.id}`,
      });
    }
    return jobs;
  }

  return {
    groupOfMessage: (channel, ts) => store.groups.findByMessage(channel, ts),
    async apply(request) {
      const found = await find(request.target);
      if (found === undefined) return err({ code: 'group_not_found' });
      const action = request.command.kind;
      const allowed = await policy.mayTriage(request.actor);
      if (!allowed.ok) return err({ code: 'triage_not_allowed', action, refusal: allowed.error });
      if (request.command.kind === 'assign') {
        const { assignee } = request.command;
        const assignable = assignee === request.actor ? allowed : await policy.mayBeAssigned(assignee);
        if (!assignable.ok) return err({ code: 'assignee_not_allowed', assignee, refusal: assignable.error });
      }
      const completed = await complete(found, request.command);
      if (!completed.ok) return completed;
      const command = completed.value;
      const now = clock.now();
      return store.transaction(async (tx): Promise<TriageOutcome> => {
        const group = await tx.groups.lockForTriage(found.id);
        if (group === undefined) return err({ code: 'group_not_found' });
        const next = decide(group.triage, command, request.actor, now);
        if (!next.ok) return next;
        const saved = await tx.groups.saveTriage(group.id, next.value, now);
        if (saved === undefined) return err({ code: 'group_not_found' });
        await tx.audit.append({
          at: now,
          actor: request.actor,
          action: `alert.${actionOf(command)}`,
          subjectType: 'group',
          subjectId: group.id,
          details: {
            rule: group.rule,
            channel: group.channel,
            via: request.via,
            ...(command.kind === 'assign' ? { assignee: command.assignee } : {}),
            ...(command.kind === 'resolve'
              ? { resolution: command.resolution, note: next.value.resolution?.note ?? null }
              : {}),
            ...(command.kind === 'escalate' ? { usergroup: command.usergroup } : {}),
            ...request.details,
          },
        });
        for (const job of chatJobs(group, command)) await tx.outbox.enqueue(job, now);
        return ok(saved);
      });
    },
  };
}
