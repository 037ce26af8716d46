/**
 * One grouping batch, inside one transaction: count stored alerts (taken from the grouping backlog, see
 * grouping-pass.ts) into their groups (one Slack message per fingerprint and channel within the grouping window) and
 * queue the Slack work in the outbox. The backlog rows are deleted in the same transaction, so each alert is counted
 * exactly once, also when the process dies mid-batch; the delivery worker picks the jobs up after a restart.
 *
 * Queued work per group and batch:
 * - a new group whose message has not been queued yet (and is not muted): `slack.group.post`, ordered per channel
 *   (Slack allows about one new message per second per channel);
 * - an existing group: `slack.group.update`, coalesced per group and delayed a few seconds, so a storm becomes at
 *   most one `chat.update` per message per few seconds;
 * - new distinct values of the group's sample fields: one `slack.group.samples` thread reply (capped per field).
 *
 * A group whose first post was given up (e.g. `not_in_channel` until someone invites the bot) gets its post queued
 * again by its next alert, at most once a minute, so fixing the cause brings the message back without a restart;
 * a group whose message was deleted in Slack gets a new one with its next alert.
 */
import type { Metrics } from '../../metrics.js';
import { JOB_GROUP_POST, JOB_GROUP_SAMPLES, JOB_GROUP_UPDATE, channelKey, groupKey } from '../jobs/index.js';
import type {
  AlertGroup,
  GroupingItem,
  IdFactory,
  Mute,
  NewJob,
  OccurrenceInput,
  TriageRepos,
  LatestJob,
} from '../ports/index.js';

/** A given-up first post is queued again by a later alert of its group, but not more often than this. */
const REPOST_AFTER_MS = 60_000;

/** The coalesce key of a group's first post: at most one is pending, and its fate can be looked up. */
export function postJobKey(groupId: string): string {
  return `post:${groupId}`;
}

/**
 * The repositories a batch writes through: the workflow's ports plus batched outbox calls (a batch touches many
 * groups; one statement each instead of one per group). src/store's repositories have them.
 */
export type GroupingRepos = TriageRepos & {
  readonly outbox: TriageRepos['outbox'] & {
    latestMany(coalesceKeys: readonly string[]): Promise<ReadonlyMap<string, LatestJob>>;
    enqueueMany(jobs: readonly NewJob[], now: Date): Promise<unknown>;
  };
};

export interface GroupingOptions {
  readonly now: () => Date;
  readonly windowMs: number;
  readonly updateDelayMs: number;
  readonly maxSamplesPerField: number;
  readonly newId: IdFactory;
  readonly metrics: Metrics;
}

/** A group's share of the batch: its first item, and what the later ones add. */
interface Pending {
  readonly first: GroupingItem;
  readonly channel: string;
  count: number;
  lastAlertId: string;
  at: Date;
  readonly samples: Record<string, string[]>;
}

function isMuted(mutes: readonly Mute[], group: AlertGroup): boolean {
  return mutes.some(
    (mute) =>
      ((mute.targetKind === 'rule' && mute.target === group.rule) ||
        (mute.targetKind === 'fingerprint' && mute.target === group.fingerprint)) &&
      (mute.falcoTarget === null || mute.falcoTarget === group.falcoTarget),
  );
}

/** Counts `items` (stored alerts, oldest first) into their groups and queues the Slack work, in `tx`. */
export async function groupBatch(
  tx: GroupingRepos,
  items: readonly GroupingItem[],
  options: GroupingOptions,
): Promise<void> {
  const now = options.now();
  const pending = new Map<string, Pending>();
  for (const item of items) {
    for (const channel of item.channels) {
      const key = `${item.fingerprint}\u0000${channel}`;
      let entry = pending.get(key);
      if (entry === undefined) {
        entry = { first: item, channel, count: 0, lastAlertId: item.lastAlertId, at: item.at, samples: {} };
        pending.set(key, entry);
      }
      entry.count += item.count;
      entry.lastAlertId = item.lastAlertId;
      if (item.at > entry.at) entry.at = item.at;
      for (const [field, values] of Object.entries(item.samples)) {
        const list = (entry.samples[field] ??= []);
        for (const value of values) {
          if (!list.includes(value) && list.length < options.maxSamplesPerField) list.push(value);
        }
      }
    }
  }
  if (pending.size === 0) return;
  const mutes = await tx.mutes.live(now);

  const occurrences = await tx.groups.recordOccurrences(
    [...pending.values()].map((entry): OccurrenceInput => ({
      newGroupId: options.newId(now.getTime()),
      fingerprint: entry.first.fingerprint,
      channel: entry.channel,
      rule: entry.first.rule,
      alertId: entry.lastAlertId,
      firstAlertId: entry.first.firstAlertId,
      at: entry.at,
      firstAt: entry.first.firstAt,
      count: entry.count,
      samples: entry.samples,
      windowMs: options.windowMs,
      maxSamplesPerField: options.maxSamplesPerField,
      falcoTarget: entry.first.falcoTarget,
    })),
  );
  const unposted = occurrences
    .filter((occurrence) => !occurrence.started && occurrence.group.slackTs === null)
    .map((occurrence) => postJobKey(occurrence.group.id));
  const posts = await tx.outbox.latestMany(unposted);
  // One statement for all of the batch's Slack work, in group order (posts keep their channel's order).
  const jobs: NewJob[] = [];
  for (const occurrence of occurrences) {
    const { group } = occurrence;
    if (isMuted(mutes, group)) {
      options.metrics.alertsMuted.inc();
      continue;
    }
    const post = occurrence.started ? 'queue' : firstPost(group, posts.get(postJobKey(group.id)), now);
    if (post === 'queue') {
      jobs.push({
        kind: JOB_GROUP_POST,
        payload: { groupId: group.id },
        orderingKey: channelKey(group.channel),
        coalesceKey: postJobKey(group.id),
      });
      continue;
    }
    if (post === 'given-up') continue; // no message to update; a later alert queues the post again
    jobs.push({
      kind: JOB_GROUP_UPDATE,
      payload: { groupId: group.id },
      orderingKey: groupKey(group.id),
      coalesceKey: `update:${group.id}`,
      runAt: new Date(now.getTime() + options.updateDelayMs),
    });
    const fresh = Object.entries(occurrence.newSamples).filter(([, values]) => values.length > 0);
    if (fresh.length > 0) {
      jobs.push({
        kind: JOB_GROUP_SAMPLES,
        payload: { groupId: group.id, samples: Object.fromEntries(fresh) },
        orderingKey: channelKey(group.channel),
      });
    }
  }
  await tx.outbox.enqueueMany(jobs, now);
}

/**
 * What an existing group needs for its first post. `sent`: it has a message, or its post is on its way.
 * `queue`: it never had a post job (muted when it started, or the job was pruned), its message was deleted in Slack
 * (post done, message forgotten), or its post was given up more than a minute ago. `given-up`: the post failed
 * moments ago; another alert will try again later.
 */
function firstPost(
  group: { readonly slackTs: string | null },
  job: LatestJob | undefined,
  now: Date,
): 'sent' | 'queue' | 'given-up' {
  if (group.slackTs !== null) return 'sent';
  if (job === undefined) return 'queue';
  // Done, yet no message: it was deleted in Slack (the worker forgot it). Post a new one.
  if (job.state === 'done') return 'queue';
  if (job.state !== 'dead') return 'sent';
  const diedAt = job.doneAt?.getTime() ?? 0;
  return now.getTime() - diedAt >= REPOST_AFTER_MS ? 'queue' : 'given-up';
}
