/**
 * Shared steps of the triage end-to-end tests (test/e2e/reactions.test.ts, test/e2e/triage-states.test.ts): the bot
 * they start, an alert posted and recorded, the group's row and audit trail, and what its message shows.
 */
import { expect } from '@jest/globals';
import type { StoredMessage } from '../../../src/stand-ins/slack/index.js';
import { eventually, groupAlert } from './alerts.js';
import { ALERTS_CHANNEL, startTestBot, type TestBot } from './test-bot.js';

export const ALICE = 'U0ALICE001';
export const BOB = 'U0BOB00001';
export const DAVE = 'U0DAVE0001';
export const GUEST = 'U0GUEST001';
export const ONCALL = 'S0ONCALL1';

/**
 * The bot as both files run it: Alice and Bob triage, Dave is in the channel but may not; Warning alerts (fixture
 * 029) escalate to the on-call group; :raising_hand: assigns the person who reacts.
 */
export function startTriageBot(): Promise<TestBot> {
  return startTestBot({
    slackOptions: { rateLimits: { postMessagePerChannel: false } },
    env: {
      RESPONDERS: `${ALICE},${BOB}`,
      ESCALATION_GROUPS: `Warning:${ONCALL}`,
      SLACK_REACTIONS:
        'eyes=acknowledge,white_check_mark=resolve_benign,rotating_light=escalate,raising_hand=assign_self',
    },
    bot: { delivery: { channelIntervalMs: 10, pollMs: 20, updateDelayMs: 200 } },
  });
}

export interface GroupRow {
  readonly id: string;
  readonly state: string;
  readonly acknowledged_by: string | null;
  readonly assignee: string | null;
  readonly resolution: string | null;
  readonly resolution_note: string | null;
  readonly escalated_to: string | null;
}

export interface TriageSteps {
  /** Posts an alert of its own group; resolves with its Slack message once the bot has recorded it too. */
  postedAlert(name: string): Promise<StoredMessage>;
  group(ts: string): Promise<GroupRow | undefined>;
  /** The group's audit trail: who did what, and how (button, picker, form, reaction). */
  audit(ts: string): Promise<{ actor: string; action: string; via: string }[]>;
  blocksOf(ts: string): string;
  /** Waits until the message's blocks pass `probe` and the bot's own reactions on it are `marks`. */
  shows(ts: string, probe: (blocks: string) => boolean, marks: string[], what: string): Promise<void>;
  /** Events API events counted with this outcome so far. */
  eventCount(outcome: string): Promise<number>;
}

export function triageSteps(t: TestBot): TriageSteps {
  const steps: TriageSteps = {
    async postedAlert(name) {
      expect((await t.post('/falco/alerts', groupAlert(name))).status).toBe(202);
      const message = await t.slack.waitFor(
        () =>
          t.slack
            .messages(ALERTS_CHANNEL)
            .find((candidate) => JSON.stringify(candidate.content.blocks).includes(`/data/${name}`)),
        { what: `the message for ${name}` },
      );
      await eventually(
        async () => (await steps.group(message.ts)) !== undefined,
        `the bot to record ${name}`,
      );
      return message;
    },
    async group(ts) {
      const { rows } = await t.bot.store.db.query<GroupRow>(
        `SELECT id, state, acknowledged_by, assignee, resolution, resolution_note, escalated_to
         FROM alert_groups WHERE channel = $1 AND slack_ts = $2`,
        [ALERTS_CHANNEL, ts],
      );
      return rows[0];
    },
    async audit(ts) {
      const row = await steps.group(ts);
      const { rows } = await t.bot.store.db.query<{
        actor: string;
        action: string;
        details: { via?: string };
      }>(
        `SELECT actor, action, details FROM audit_log WHERE subject_type = 'group' AND subject_id = $1 ORDER BY id`,
        [row?.id],
      );
      return rows.map(({ actor, action, details }) => ({ actor, action, via: details.via ?? '' }));
    },
    blocksOf(ts) {
      return JSON.stringify(t.slack.message(ALERTS_CHANNEL, ts)?.content.blocks);
    },
    async shows(ts, probe, marks, what) {
      await t.slack.waitFor(
        () =>
          probe(steps.blocksOf(ts)) &&
          JSON.stringify(t.slack.botReactions(ALERTS_CHANNEL, ts)) === JSON.stringify(marks),
        { what },
      );
    },
    async eventCount(outcome) {
      const metric = await t.bot.metrics.slackEvents.get();
      return metric.values
        .filter((value) => value.labels.outcome === outcome)
        .reduce((sum, value) => sum + value.value, 0);
    },
  };
  return steps;
}
