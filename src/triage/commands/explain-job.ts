/**
 * The Explain button's reply: the explanation of the group's first alert, posted in its thread through the outbox
 * (so it is paced with the channel's other messages and survives a Slack hiccup). When the alert cannot be
 * explained, the thread says why instead.
 */
import type { AlertExplanations } from './alert-explanations.js';
import type { ChatPort } from '../ports/index.js';
import type { JobHandler } from '../jobs/index.js';
import { JOB_GROUP_EXPLAIN, channelKey, chatFailure, explainJobPayload, groupKey } from '../jobs/index.js';
import { err, ok, type Result } from '../../result.js';
import type { Clock, ExplainRequestRefusal, TriageStore } from '../ports/index.js';

export function explainJob(deps: {
  readonly store: TriageStore;
  readonly chat: ChatPort;
  readonly explanations: AlertExplanations;
}): Record<string, JobHandler> {
  const handler: JobHandler = async (job) => {
    const { groupId, userId } = explainJobPayload.parse(job.payload);
    const group = await deps.store.groups.get(groupId);
    if (group === undefined) return { kind: 'done' };
    if (group.slackTs === null)
      return { kind: 'later', afterMs: 2000, reason: 'waiting for the alert message' };
    const report = await deps.explanations.explainStored(group.firstAlertId);
    const result = report.ok
      ? await deps.chat.postExplanation(
          group.channel,
          group.slackTs,
          report.value.report,
          userId,
          ...(report.value.rules === undefined ? [] : [report.value.rules]),
        )
      : await deps.chat.postThreadReply(group.channel, group.slackTs, {
          kind: 'note',
          note: { code: 'explain_failed', requestedBy: userId, problem: report.error },
        });
    if (result.ok) return { kind: 'done', pace: { key: channelKey(group.channel), ms: 1100 } };
    return chatFailure(result.error);
  };
  return { [JOB_GROUP_EXPLAIN]: handler };
}

/** Queues the Explain reply (the button handler); refused at once when it could not be answered. */
export async function requestExplanation(
  deps: { readonly store: TriageStore; readonly clock: Clock; readonly rulesConfigured: boolean },
  groupId: string,
  userId: string,
): Promise<Result<void, ExplainRequestRefusal>> {
  if (!deps.rulesConfigured) return err({ code: 'rules_not_configured' });
  const group = await deps.store.groups.get(groupId);
  if (group === undefined) return err({ code: 'group_not_found' });
  await deps.store.outbox.enqueue(
    {
      kind: JOB_GROUP_EXPLAIN,
      payload: { groupId, userId },
      orderingKey: groupKey(groupId),
      coalesceKey: `explain:${groupId}`,
    },
    deps.clock.now(),
  );
  return ok(undefined);
}
