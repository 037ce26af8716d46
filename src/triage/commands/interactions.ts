/**
 * What people do to an alert message in Slack, decided from stored state (a button value is only a group id;
 * nothing in the click is trusted beyond Slack's signed user id). Every decision is audited.
 */
import { err, ok, type Result } from '../../result.js';
import { JOB_GROUP_UPDATE, groupKey } from '../jobs/index.js';
import type { AcknowledgeRefusal, Clock, TriageStore } from '../ports/index.js';

/** Acknowledged now, or why not (someone was first, or the group is gone). */
export type AcknowledgeOutcome = Result<void, AcknowledgeRefusal>;

export interface AlertInteractions {
  acknowledge(groupId: string, userId: string): Promise<AcknowledgeOutcome>;
}

export function createAlertInteractions(deps: { store: TriageStore; clock: Clock }): AlertInteractions {
  const { store, clock } = deps;
  return {
    async acknowledge(groupId, userId) {
      const now = clock.now();
      return store.transaction(async (tx): Promise<AcknowledgeOutcome> => {
        const result = await tx.groups.acknowledge(groupId, userId, now);
        if (result.group === undefined) return err({ code: 'group_not_found' });
        if (!result.changed) {
          return err({
            code: 'already_acknowledged',
            by: result.group.acknowledgedBy ?? 'someone',
            at: result.group.acknowledgedAt ?? now,
          });
        }
        await tx.audit.append({
          at: now,
          actor: userId,
          action: 'alert.acknowledge',
          subjectType: 'group',
          subjectId: groupId,
          details: { rule: result.group.rule, channel: result.group.channel },
        });
        // Show who acknowledged at once (no coalescing delay).
        await tx.outbox.enqueue(
          {
            kind: JOB_GROUP_UPDATE,
            payload: { groupId },
            orderingKey: groupKey(groupId),
            coalesceKey: `update:${groupId}`,
          },
          now,
        );
        return ok(undefined);
      });
    },
  };
}
