/**
 * What people do to an alert message in Slack, decided from stored state (a button value is only a group id;
 * nothing in the click is trusted beyond Slack's signed user id). Every decision is audited.
 */
import { JOB_GROUP_UPDATE, groupKey } from '../jobs/index.js';
import type { Clock, TriageStore } from '../ports/index.js';

export type AcknowledgeOutcome =
  | { readonly kind: 'acknowledged' }
  | { readonly kind: 'already'; readonly by: string; readonly at: Date }
  | { readonly kind: 'not_found' };

export interface AlertInteractions {
  acknowledge(groupId: string, userId: string): Promise<AcknowledgeOutcome>;
}

export function createAlertInteractions(deps: { store: TriageStore; clock: Clock }): AlertInteractions {
  const { store, clock } = deps;
  return {
    async acknowledge(groupId, userId) {
      const now = clock.now();
      return store.transaction(async (tx) => {
        const result = await tx.groups.acknowledge(groupId, userId, now);
        if (result.group === undefined) return { kind: 'not_found' };
        if (!result.changed) {
          return {
            kind: 'already',
            by: result.group.acknowledgedBy ?? 'someone',
            at: result.group.acknowledgedAt ?? now,
          };
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
        return { kind: 'acknowledged' };
      });
    },
  };
}
