/**
 * Two bot replicas sharing one PostgreSQL database (DATABASE_URL), both taking alerts and both delivering: every
 * Slack job runs once (one message per group, one thread reply per new sample), the channel pace is shared, and the
 * counters end exact. Runs when TEST_DATABASE_URL is set (CI and dev machines have a server on 127.0.0.1:5432);
 * without it the suite has nothing to run against and says so.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { quoteSchema } from '../../src/store/database.js';
import { FakeSlack, type RecordedCall } from '../../src/stand-ins/slack/index.js';
import { TEST_DATABASE_URL } from '../helpers/store.js';
import { counterOf, eventually, groupAlert } from './helpers/alerts.js';
import { startTestBot, type TestBot } from './helpers/test-bot.js';

const CHANNELS = ['C0REPLICA1', 'C0REPLICA2', 'C0REPLICA3'];
const GROUPS = 30;
const enabled = TEST_DATABASE_URL !== undefined && TEST_DATABASE_URL !== '';
const schema = `e2e_replicas_${process.pid}_${Date.now()}`;

let slack: FakeSlack;
const replicas: TestBot[] = [];

beforeAll(async () => {
  if (!enabled) return;
  slack = await FakeSlack.start({
    workspace: { channels: CHANNELS.map((id, index) => ({ id, name: `replica-${index}`, isMember: true })) },
  });
  for (let index = 0; index < 2; index += 1) {
    // One after the other: the second finds the schema migrated.
    replicas.push(
      await startTestBot({
        slack,
        env: { DATABASE_URL: TEST_DATABASE_URL ?? '', SLACK_DEFAULT_CHANNEL: CHANNELS[0] ?? '' },
        bot: {
          storeOptions: { schema },
          delivery: { channelIntervalMs: 1100, pollMs: 10, updateDelayMs: 300 },
        },
      }),
    );
  }
}, 60_000);

afterAll(async () => {
  if (!enabled) return;
  for (const replica of replicas) await replica.stop();
  await slack.stop();
  const admin = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
  await admin.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
  await admin.end();
});

function postsOf(calls: readonly RecordedCall[]): { top: string[]; replies: string[] } {
  const ok = calls.filter((call) => call.status === 200);
  const fileOf = (call: RecordedCall): string =>
    /\/data\/(g\d+)/.exec(JSON.stringify(call.args.blocks))?.[1] ?? '?';
  return {
    top: ok.filter((call) => call.args.thread_ts === undefined).map(fileOf),
    // A reply is the same job sent twice only in the same thread: two groups may well get the same new values.
    replies: ok
      .filter((call) => call.args.thread_ts !== undefined)
      .map((call) => `${String(call.args.thread_ts)} ${JSON.stringify(call.args.blocks)}`),
  };
}

describe('two replicas on one PostgreSQL database', () => {
  if (!enabled) {
    it('need TEST_DATABASE_URL (not set here): nothing to run against', () => {
      expect(TEST_DATABASE_URL ?? '').toBe('');
    });
    return;
  }

  it('never send the same Slack job twice', async () => {
    // Alerts of 30 groups in 3 channels, sent to both replicas at once; a new container name now and then.
    const sends = Array.from({ length: 24 }, async (_, client) => {
      const replica = replicas[client % 2] as TestBot;
      for (let round = 0; round < 10; round += 1) {
        const batch = Array.from({ length: 4 }, (_, i) => {
          const group = (client * 3 + round * 4 + i) % GROUPS;
          return groupAlert(`g${group}`, {
            hostname: `replica-host`,
            fields: { 'container.name': `c${round % 3}` },
          });
        });
        const response = await replica.post('/falco/alerts', batch);
        expect(response.status).toBe(202);
      }
    });
    await Promise.all(sends);
    const total = 24 * 10 * 4;

    const db = replicas[0]?.bot.store.db;
    if (db === undefined) throw new Error('no replica');
    await eventually(
      async () => {
        const { rows } = await db.query<{ channel: string; slack_ts: string | null; count: number }>(
          'SELECT channel, slack_ts, count FROM alert_groups',
        );
        return (
          rows.length === GROUPS &&
          rows.every(
            (row) =>
              row.slack_ts !== null &&
              counterOf(slack.message(row.channel, row.slack_ts)?.content.text ?? '') === Number(row.count),
          )
        );
      },
      'every group posted once with its exact counter',
      45_000,
    );
    const { rows: counted } = await db.query<{ n: string }>('SELECT sum(count) AS n FROM alert_groups');
    expect(Number(counted[0]?.n)).toBe(total);

    const { top, replies } = postsOf(slack.calls('chat.postMessage'));
    expect(top).toHaveLength(GROUPS);
    expect(new Set(top).size).toBe(GROUPS);
    expect(new Set(replies).size).toBe(replies.length);
    expect(slack.messages(CHANNELS[0] ?? '')).toHaveLength(GROUPS);
    // The shared pace held across replicas: Slack never answered 429.
    expect(slack.calls().filter((call) => call.status === 429)).toEqual([]);
    // A replica counts a Slack call once it has Slack's answer, a moment after the fake recorded it, and sample
    // replies keep trickling out at the channel's pace: the counters must catch up with Slack's answers exactly.
    const perReplica = await eventually(async () => {
      const sent = await Promise.all(
        replicas.map(async (replica) => (await replica.bot.metrics.slackPosted.get()).values),
      );
      const counts = sent.map((values) => values.reduce((sum, value) => sum + value.value, 0));
      const answered = slack.calls().filter((call) => call.status === 200 && call.method !== 'auth.test');
      return counts.reduce((a, b) => a + b, 0) === answered.length && counts;
    }, "the replicas' counters to match Slack's answers");
    expect(Math.min(...perReplica)).toBeGreaterThan(0); // both replicas delivered
  }, 90_000);
});
