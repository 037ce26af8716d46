/**
 * The chat work of a triage change, run by the delivery worker: the group's marks (for Slack: the bot's reactions)
 * and the escalation's thread reply. Both render from stored state when they run, so a retried or coalesced job
 * shows the latest state; the reply is recorded once posted, so a retry after a crash does not mention the group
 * twice.
 */
import { PRIORITIES } from '../../falco/alert/index.js';
import { groupJobPayload } from '../jobs/index.js';
import { triageMarks, type ChatPort, type ChatResult, type Clock, type Job } from '../ports/index.js';
import type { TriageRepos } from '../ports/index.js';
import type { Outcome } from './delivery-outcome.js';

export interface TriageDeliveryContext {
  readonly store: Pick<TriageRepos, 'groups' | 'alerts'>;
  readonly chat: ChatPort;
  readonly clock: Clock;
  /** The group has no message yet: wait for its first post, or drop the job when that post was given up. */
  awaitPost(job: Job, groupId: string): Promise<Outcome>;
  /** The outcome of a failed chat call (counted, and the channel slowed down on a rate limit). */
  failure(result: ChatResult<unknown>, paceChannel?: string): Outcome;
  /** Counts a successful chat call. */
  posted(kind: 'marks' | 'thread'): void;
}

export async function showGroupMarks(ctx: TriageDeliveryContext, job: Job): Promise<Outcome> {
  const { groupId } = groupJobPayload.parse(job.payload);
  const group = await ctx.store.groups.get(groupId);
  if (group === undefined) return { kind: 'done' };
  if (group.slackTs === null) return ctx.awaitPost(job, group.id);
  const result = await ctx.chat.showMarks(group.channel, group.slackTs, triageMarks(group.triage));
  // Someone deleted the message: the update job forgets it, and the repost shows the marks.
  if (!result.ok && result.error.code === 'message_not_found') return { kind: 'done' };
  if (!result.ok) return ctx.failure(result);
  ctx.posted('marks');
  return { kind: 'done' };
}

export async function announceEscalation(ctx: TriageDeliveryContext, job: Job): Promise<Outcome> {
  const { groupId } = groupJobPayload.parse(job.payload);
  const group = await ctx.store.groups.get(groupId);
  const escalation = group?.triage.escalation;
  if (group === undefined || escalation === undefined || escalation.announcedTs !== undefined) {
    return { kind: 'done' };
  }
  if (group.slackTs === null) return ctx.awaitPost(job, group.id);
  const alert = await ctx.store.alerts.get(group.firstAlertId);
  const result = await ctx.chat.postThreadReply(group.channel, group.slackTs, {
    kind: 'escalation',
    usergroup: escalation.usergroup,
    by: escalation.by,
    rule: group.rule,
    priority: PRIORITIES[alert?.priorityLevel ?? -1] ?? alert?.priority ?? 'unknown',
    count: group.count,
  });
  if (!result.ok) return ctx.failure(result, group.channel);
  await ctx.store.groups.setEscalationAnnounced(group.id, result.value.ts, ctx.clock.now());
  ctx.posted('thread');
  return { kind: 'done', paceChannel: group.channel };
}
