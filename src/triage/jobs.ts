/**
 * Outbox job kinds and their payloads. Payloads carry ids only: the worker renders from stored state when it runs,
 * so a coalesced or retried job always sends the latest state.
 */
import { z } from 'zod';

export const JOB_GROUP_POST = 'slack.group.post';
export const JOB_GROUP_UPDATE = 'slack.group.update';
export const JOB_GROUP_SAMPLES = 'slack.group.samples';

export const SLACK_JOB_KINDS = [JOB_GROUP_POST, JOB_GROUP_UPDATE, JOB_GROUP_SAMPLES] as const;

export const groupJobPayload = z.object({ groupId: z.string() });
export const samplesJobPayload = z.object({
  groupId: z.string(),
  samples: z.record(z.string(), z.array(z.string())),
});

/** Jobs that post new messages in a channel share this ordering key: Slack paces postMessage per channel. */
export function channelKey(channel: string): string {
  return `channel:${channel}`;
}

/** Jobs about one group's message run one at a time, in order. */
export function groupKey(groupId: string): string {
  return `group:${groupId}`;
}
