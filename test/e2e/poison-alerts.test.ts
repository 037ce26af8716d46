/**
 * Poison alerts: valid JSON that PostgreSQL cannot hold as sent, or that no real alert looks like, sent while 16
 * well-behaved senders keep posting. The poison is stored escaped or refused with a 400 naming the item; the other
 * senders only ever get 202 and every one of their alerts is stored. Also: evt.time keeps every digit from intake
 * to the store, the Slack message and the pull request.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { alertFixture } from '../helpers/fixtures.js';
import { startBotWithRepo, type BotWithRepo } from './helpers/bot-with-repo.js';
import { BOB, propose } from './helpers/propose.js';
import { RULES_REPO } from './helpers/rules-repo.js';
import { ALERTS_CHANNEL, startTestBot, type TestBot } from './helpers/test-bot.js';

let t: TestBot;

beforeAll(async () => {
  t = await startTestBot({
    slackOptions: { rateLimits: { postMessagePerChannel: false } },
    bot: { delivery: { channelIntervalMs: 10, pollMs: 20 } },
  });
});

afterAll(async () => {
  await t.stop();
});

const SENDERS = 16;
const REQUESTS_PER_SENDER = 4;

/** Fixture 029 with changes, as the text a sender posts; `evt.time` keeps the digits given. */
function alertText(changes: Record<string, unknown> = {}, evtTime = '1786584584319538044'): string {
  const base = alertFixture('029') as { output_fields: Record<string, unknown> };
  const fields = { ...base.output_fields, ...(changes.output_fields as object | undefined) };
  return JSON.stringify({
    ...base,
    time: new Date().toISOString(),
    ...changes,
    output_fields: fields,
  }).replace(/"evt\.time":-?\d+/, `"evt.time":${evtTime}`);
}

/**
 * 16 senders posting well-behaved alerts (one or two per request, each with its own uuid), started at once with
 * `poison`; returns the senders' statuses, the poison's answers and how many of the senders' alerts were stored.
 */
async function amidSenders(
  tag: string,
  poison: () => Promise<Awaited<ReturnType<TestBot['post']>>[]>,
): Promise<{
  statuses: number[];
  answers: Awaited<ReturnType<TestBot['post']>>[];
  stored: number;
  sent: number;
}> {
  let sent = 0;
  const sender = async (index: number): Promise<number[]> => {
    const statuses: number[] = [];
    for (let request = 0; request < REQUESTS_PER_SENDER; request++) {
      const alerts = Array.from({ length: 1 + (request % 2) }, (_, n) =>
        alertText({
          uuid: `crowd-${tag}-${index}-${request}-${n}`,
          output_fields: { 'proc.pid': 1000 + index },
        }),
      );
      sent += alerts.length;
      statuses.push((await t.post('/falco/alerts', `[${alerts.join(',')}]`, { raw: true })).status);
    }
    return statuses;
  };
  const [answers, ...senders] = await Promise.all([
    poison(),
    ...Array.from({ length: SENDERS }, (_, index) => sender(index)),
  ]);
  const { rows } = await t.bot.store.db.query<{ n: string }>(
    'SELECT count(*) AS n FROM alerts WHERE dedupe_key LIKE $1',
    [`crowd-${tag}-%`],
  );
  return { statuses: senders.flat(), answers, stored: Number(rows[0]?.n), sent };
}

async function storedRow(uuid: string): Promise<Record<string, unknown> | undefined> {
  const { rows } = await t.bot.store.db.query(
    `SELECT rule, hostname, tags, output, raw, dedupe_key, output_fields::text AS fields
     FROM alerts WHERE dedupe_key = $1`,
    [uuid],
  );
  return rows[0];
}

describe('text PostgreSQL cannot hold', () => {
  it('is stored escaped (a NUL, a lone surrogate), and 16 concurrent senders get only 202s', async () => {
    // As a sender writes them: JSON escapes for a NUL and for half of a surrogate pair.
    const nul = alertText({ rule: 'Poison\u0000rule', tags: ['a\u0000b'], uuid: 'poison-nul' }).replace(
      '"proc.cmdline":"cat /etc/shadow"',
      '"proc.cmdline":"cat /etc/shadow\\u0000--evil","k\\u0000ey":1',
    );
    const surrogate = alertText({ hostname: 'node\ud800', output: 'out \udc00', uuid: 'poison-surrogate' });
    expect(nul).toContain('\\u0000');
    expect(surrogate).toContain('\\ud800');

    const { statuses, answers, stored, sent } = await amidSenders('escape', () =>
      Promise.all([
        t.post('/falco/alerts', nul, { raw: true }),
        t.post('/falco/alerts', surrogate, { raw: true }),
      ]),
    );

    expect(answers.map((answer) => answer.status)).toEqual([202, 202]);
    expect(new Set(statuses)).toEqual(new Set([202]));
    expect(stored).toBe(sent);
    const nulRow = await storedRow('poison-nul');
    expect(nulRow).toMatchObject({ rule: 'Poison\\u0000rule', tags: ['a\\u0000b'], raw: nul });
    expect(JSON.parse(String(nulRow?.fields))).toMatchObject({
      'proc.cmdline': 'cat /etc/shadow\\u0000--evil',
      'k\\u0000ey': 1,
    });
    expect(await storedRow('poison-surrogate')).toMatchObject({
      hostname: 'node\\ud800',
      output: 'out \\udc00',
      raw: surrogate,
    });
    // Slack shows what was sent, escaped: the on-call person sees that a NUL was there.
    await t.slack.waitFor(() =>
      t.slack
        .messages(ALERTS_CHANNEL)
        .some((message) => JSON.stringify(message.content.blocks).includes('Poison\\\\u0000rule')),
    );
  });
});

describe('alerts beyond the limits', () => {
  it('are refused with a 400 naming the item and the reason, and 16 concurrent senders get only 202s', async () => {
    const good = alertText({ uuid: 'limits-good' });
    const longRule = alertText({ rule: `Rule ${'x'.repeat(3000)}`, uuid: 'limits-long-rule' });
    const deep = alertText({ uuid: 'limits-deep' }).replace(
      '"proc.tty":0',
      `"proc.tty":${'['.repeat(10_000)}${']'.repeat(10_000)}`,
    );
    const fields = Object.fromEntries(
      Array.from({ length: 1001 }, (_, index) => [`evt.arg.a${index}`, index]),
    );
    const wide = alertText({ uuid: 'limits-wide', output_fields: fields });

    const { statuses, answers, stored, sent } = await amidSenders('limits', () =>
      Promise.all([
        t.post('/falco/alerts', `[${good},\n${longRule}]`, { raw: true }),
        t.post('/falco/alerts', deep, { raw: true }),
        t.post('/falco/alerts', wide, { raw: true }),
      ]),
    );

    const [mixed, deepAnswer, wideAnswer] = answers;
    expect(mixed).toMatchObject({ status: 400, json: { accepted: 1, stored: 1, rejected: 1 } });
    expect(mixed?.json.errors).toEqual([
      expect.objectContaining({
        index: 1,
        line: 2,
        code: 'too_long',
        reason: '[1] (line 2): "rule": is 3005 bytes long; at most 1024 are accepted',
      }),
    ]);
    expect(deepAnswer).toMatchObject({ status: 400, json: { accepted: 0, errors: [{ code: 'too_deep' }] } });
    expect(String(deepAnswer?.json.message)).toContain('more than 32 levels deep');
    expect(wideAnswer).toMatchObject({ status: 400, json: { errors: [{ code: 'too_many_fields' }] } });
    expect(String(wideAnswer?.json.message)).toContain('"output_fields": has 1018 fields; at most 1000');
    expect(new Set(statuses)).toEqual(new Set([202]));
    expect(stored).toBe(sent);
    expect(await storedRow('limits-good')).toBeDefined();
    for (const uuid of ['limits-long-rule', 'limits-deep', 'limits-wide'])
      expect(await storedRow(uuid)).toBeUndefined();
  });
});

describe('a value the store refuses anyway', () => {
  it('fails only its own alert, with a 400 naming it and the database reason, and 16 concurrent senders get only 202s', async () => {
    // A value no check before the transaction knows about: a constraint the database has and intake does not.
    await t.bot.store.db.query(
      "ALTER TABLE alerts ADD CONSTRAINT e2e_refused CHECK (rule <> 'Refused by the store')",
    );
    try {
      const refused = (n: number): string =>
        alertText({ rule: 'Refused by the store', uuid: `refused-${n}` });
      const good = (n: number): string => alertText({ uuid: `refused-good-${n}` });

      const { statuses, answers, stored, sent } = await amidSenders('refusal', () =>
        Promise.all(
          [0, 1, 2].map((n) =>
            t.post('/falco/alerts', `[${good(n)}, ${refused(n)}, ${good(n + 10)}]`, { raw: true }),
          ),
        ),
      );

      for (const answer of answers) {
        expect(answer).toMatchObject({ status: 400, json: { accepted: 2, stored: 2, rejected: 1 } });
        expect(answer.json.errors).toEqual([
          expect.objectContaining({
            index: 1,
            code: 'store_data_error',
            reason: expect.stringMatching(
              /^\[1\] \(line 1\): the store cannot hold a value of this alert.*e2e_refused.*\(SQLSTATE 23514\)$/,
            ),
          }),
        ]);
      }
      expect(new Set(statuses)).toEqual(new Set([202]));
      expect(stored).toBe(sent);
      for (const n of [0, 1, 2, 10, 11, 12]) expect(await storedRow(`refused-good-${n}`)).toBeDefined();
      for (const n of [0, 1, 2]) expect(await storedRow(`refused-${n}`)).toBeUndefined();
    } finally {
      await t.bot.store.db.query('ALTER TABLE alerts DROP CONSTRAINT e2e_refused');
    }
  });
});

describe('evt.time', () => {
  const EXACT = '1786584584319538044';

  it('keeps every digit in the store and in the Slack message', async () => {
    const sent = alertText({ uuid: 'exact-time', output_fields: { 'fd.name': '/etc/exact-time' } }, EXACT);

    expect((await t.post('/falco/alerts', sent, { raw: true })).status).toBe(202);

    const { rows } = await t.bot.store.db.query<{ time: string; raw: string }>(
      `SELECT output_fields ->> 'evt.time' AS time, raw FROM alerts WHERE dedupe_key = 'exact-time'`,
    );
    expect(rows).toEqual([{ time: EXACT, raw: sent }]);
    const message = await t.slack.waitFor(() =>
      t.slack
        .messages(ALERTS_CHANNEL)
        .find((candidate) => JSON.stringify(candidate.content.blocks).includes('/etc/exact-time')),
    );
    // Shown as a time with every one of its nanoseconds (the last nine digits of the integer).
    expect(JSON.stringify(message.content.blocks)).toContain(
      `*evt.time*\\n\`${new Date(Number(EXACT.slice(0, -6))).toISOString().slice(0, 19).replace('T', ' ')}.${EXACT.slice(-9)} UTC\``,
    );
  });

  describe('in the pull request', () => {
    let setup: BotWithRepo;

    beforeAll(async () => {
      setup = await startBotWithRepo();
    }, 60_000);

    afterAll(async () => {
      await setup.stop();
    });

    it('keeps every digit in the body', async () => {
      const { proposal } = await propose(setup.t, 'exacttime', { evtTime: '1786584584319538047' });

      await setup.t.client.click({
        channel: ALERTS_CHANNEL,
        ts: proposal.ts,
        actionId: 'proposal_approve',
        user: BOB,
      });

      const [pull] = await setup.repo.github.waitFor(
        () => setup.repo.github.pulls(RULES_REPO).length > 0 && setup.repo.github.pulls(RULES_REPO),
        { timeoutMs: 20_000 },
      );
      expect(pull?.body).toContain('| <code>evt.time</code> | <code>1786584584319538047</code> |');
    });
  });
});
