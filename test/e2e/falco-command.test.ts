import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { alertFixture } from '../helpers/fixtures.js';
import { ALERTS_CHANNEL, startTestBot, type TestBot } from './helpers/test-bot.js';

const ALICE = 'U0ALICE001';
const DAVE = 'U0DAVE0001';
let t: TestBot;

beforeAll(async () => {
  t = await startTestBot({
    // MUTE_ALLOWED defaults to approvers: Alice is one, Dave is not.
    env: { APPROVERS: ALICE },
    slackOptions: { rateLimits: { postMessagePerChannel: false } },
    bot: { delivery: { channelIntervalMs: 10, pollMs: 20 } },
  });
});

afterAll(async () => {
  await t.stop();
});

/** Sends `/falco <text>` and returns the text of the ephemeral answer. */
async function falco(text: string, user = ALICE): Promise<string> {
  const before = t.slack.ephemerals({ user }).length;
  const delivery = await t.client.command(text, { user, channel: ALERTS_CHANNEL });
  expect(delivery.status).toBe(200);
  const answers = await t.slack.waitFor(() => {
    const all = t.slack.ephemerals({ user });
    return all.length > before && all;
  });
  const last = answers[answers.length - 1];
  return `${last?.text ?? ''}\n${JSON.stringify(last?.blocks ?? [])}`;
}

async function storedOf(rule: string): Promise<number> {
  const { rows } = await t.bot.store.db.query<{ n: string }>(
    'SELECT count(*) AS n FROM alerts WHERE rule = $1',
    [rule],
  );
  return Number(rows[0]?.n ?? 0);
}

describe('/falco', () => {
  it('answers help, an empty command and an unknown subcommand with the usage', async () => {
    expect(await falco('help')).toContain('/falco mute');
    expect(await falco('')).toContain('/falco explain');
    expect(await falco('frobnicate')).toContain("I don't know `frobnicate`");
  });

  it('reports the status', async () => {
    const answer = await falco('status');

    expect(answer).toContain('Waiting for approval');
    expect(answer).toContain('GitHub is not configured');
  });

  it('explains usage mistakes in mute', async () => {
    expect(await falco('mute Terminal shell in container')).toContain('could not find a duration');
    expect(await falco('mute Terminal shell in container 200d')).toContain('at most 90 days');
  });

  it('mutes a rule: alerts are stored and counted but not posted, until the mute ends', async () => {
    const rule = 'Read sensitive file untrusted';
    const answer = await falco(`mute ${rule} 3s noisy backup job`);
    expect(answer).toContain('is muted until');
    expect(await falco('status')).toContain('noisy backup job');
    const postsBefore = t.slack.calls('chat.postMessage').length;
    const storedBefore = await storedOf(rule);

    const response = await t.post('/falco/alerts', alertFixture('029'));
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(response.status).toBe(202);
    expect(await storedOf(rule)).toBe(storedBefore + 1);
    expect(t.slack.calls('chat.postMessage').length).toBe(postsBefore);

    await new Promise((resolve) => setTimeout(resolve, 3000));
    await t.post('/falco/alerts', alertFixture('029'));
    await t.slack.waitFor(() => t.slack.calls('chat.postMessage').length > postsBefore);
    const { rows } = await t.bot.store.db.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE action LIKE 'mute.%'",
    );
    expect(rows.map((row) => row.action)).toContain('mute.create');
  });

  it('lets only approvers mute by default', async () => {
    const answer = await falco('mute "Write below etc" 1h', DAVE);
    expect(answer).toContain('Only approvers may mute alerts here (MUTE_ALLOWED=approvers)');
    expect(await falco('status')).not.toContain('Write below etc');
  });

  it('unmutes early, and says when nothing was muted', async () => {
    await falco('mute "Terminal shell in container" 1h');

    expect(await falco('unmute Terminal shell in container')).toContain('no longer muted');
    expect(await falco('unmute Terminal shell in container')).toContain('is not muted');
  });
});
