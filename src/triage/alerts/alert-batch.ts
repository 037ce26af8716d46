/**
 * One intake batch, inside one transaction: store the alerts, count them into their groups (one Slack message per
 * fingerprint and channel within the grouping window) and queue the Slack work in the outbox. Because all of it
 * commits together, an alert that got a 2xx is both stored and on its way to Slack, even if the process dies the
 * next instant; the delivery worker picks the jobs up after a restart.
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
  IdFactory,
  Mute,
  NewAlert,
  NewJob,
  OccurrenceInput,
  TriageRepos,
  LatestJob,
} from '../ports/index.js';
import { stringifyJson } from '../../falco/alert/index.js';

/** Fields worth a thread reply when a new value shows up (never identity fields: those make a new group). */
const SAMPLE_FIELDS = [
  'proc.cmdline',
  'user.name',
  'k8s.pod.name',
  'container.name',
  'proc.pname',
  'fd.name',
];
const SAMPLE_FIELDS_PER_GROUP = 3;
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
export type AlertBatchRepos = TriageRepos & {
  readonly outbox: TriageRepos['outbox'] & {
    latestMany(coalesceKeys: readonly string[]): Promise<ReadonlyMap<string, LatestJob>>;
    enqueueMany(jobs: readonly NewJob[], now: Date): Promise<unknown>;
  };
};

export interface AlertBatchOptions {
  readonly now: () => Date;
  readonly windowMs: number;
  readonly updateDelayMs: number;
  readonly maxSamplesPerField: number;
  readonly newId: IdFactory;
  /** The identity fields of an alert row (its fingerprint's fields), excluded from samples. */
  readonly identityFields: (row: NewAlert) => readonly string[];
  readonly metrics: Metrics;
}

interface Pending {
  readonly input: Omit<OccurrenceInput, 'samples'> & { samples: Record<string, string[]> };
  count: number;
}

function sampleValues(row: NewAlert, identity: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  let taken = 0;
  for (const field of SAMPLE_FIELDS) {
    if (taken === SAMPLE_FIELDS_PER_GROUP) break;
    if (identity.includes(field)) continue;
    const value = row.outputFields[field];
    if (value === null || value === undefined || value === '') continue;
    values[field] = typeof value === 'string' ? value : stringifyJson(value);
    taken += 1;
  }
  return values;
}

function isMuted(mutes: readonly Mute[], group: AlertGroup): boolean {
  return mutes.some(
    (mute) =>
      ((mute.targetKind === 'rule' && mute.target === group.rule) ||
        (mute.targetKind === 'fingerprint' && mute.target === group.fingerprint)) &&
      (mute.falcoTarget === null || mute.falcoTarget === group.falcoTarget),
  );
}

/** The group-commit `commit` function: writes one batch of alert rows in `tx`; one result per row, in order. */
export async function commitAlertBatch(
  tx: AlertBatchRepos,
  rows: readonly NewAlert[],
  options: AlertBatchOptions,
): Promise<{ readonly id: string; readonly duplicate: boolean }[]> {
  const now = options.now();
  // Sent together: the store need not wait for this thread between them (see the store's worker).
  const [results, mutes] = await Promise.all([tx.alerts.insert(rows), tx.mutes.live(now)]);
  const pending = new Map<string, Pending>();
  // Rows with the same fingerprint have the same identity fields (the fingerprint hashes them): compute once.
  const identities = new Map<string, readonly string[]>();
  rows.forEach((row, index) => {
    if (results[index]?.duplicate === true) return;
    let identity = identities.get(row.fingerprint);
    if (identity === undefined) {
      identity = options.identityFields(row);
      identities.set(row.fingerprint, identity);
    }
    const samples = sampleValues(row, identity);
    for (const channel of row.channels) {
      const key = `${row.fingerprint}\u0000${channel}`;
      let entry = pending.get(key);
      if (entry === undefined) {
        entry = {
          input: {
            newGroupId: options.newId(now.getTime()),
            fingerprint: row.fingerprint,
            channel,
            rule: row.rule,
            alertId: row.id,
            firstAlertId: row.id,
            at: row.receivedAt,
            windowMs: options.windowMs,
            maxSamplesPerField: options.maxSamplesPerField,
            samples: {},
            falcoTarget: row.falcoTarget ?? null,
          },
          count: 0,
        };
        pending.set(key, entry);
      }
      entry.count += 1;
      (entry.input as { alertId: string }).alertId = row.id;
      for (const [field, value] of Object.entries(samples)) {
        const list = (entry.input.samples[field] ??= []);
        if (!list.includes(value) && list.length < options.maxSamplesPerField) list.push(value);
      }
    }
  });
  if (pending.size === 0) return results;

  const entries = [...pending.values()];
  const occurrences = await tx.groups.recordOccurrences(
    entries.map((entry) => ({ ...entry.input, count: entry.count })),
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
  return results;
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
