import { readdirSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { alertFixture, fixturePath } from '../helpers/fixtures.js';
import { ALERTS_CHANNEL, INGEST_TOKEN, startTestBot, type TestBot } from './helpers/test-bot.js';

let t: TestBot;

beforeAll(async () => {
  // Slack's per-channel pace is exercised in delivery.test.ts; here it would only slow the checks down.
  t = await startTestBot({
    slackOptions: { rateLimits: { postMessagePerChannel: false } },
    bot: { delivery: { channelIntervalMs: 10, pollMs: 20 } },
  });
});

afterAll(async () => {
  await t.stop();
});

async function storedCount(): Promise<number> {
  const { rows } = await t.bot.store.db.query<{ n: string }>('SELECT count(*) AS n FROM alerts');
  return Number(rows[0]?.n ?? 0);
}

describe('POST /falco/alerts', () => {
  it('stores an alert, answers 202 and posts it to Slack', async () => {
    const response = await t.post('/falco/alerts', alertFixture('029'));

    expect(response.status).toBe(202);
    expect(response.json).toMatchObject({ status: 'stored', accepted: 1, stored: 1, rejected: 0 });
    const [message] = await t.slack.waitFor(() => {
      const messages = t.slack.messages(ALERTS_CHANNEL);
      return messages.length > 0 && messages;
    });
    expect(JSON.stringify(message?.content.blocks)).toContain('Read sensitive file untrusted');
  });

  it('accepts or refuses every fixture alert with a clear reason', async () => {
    const manifest = JSON.parse(
      readFileSync(fixturePath('alerts', 'json', '_manifest.json'), 'utf8'),
    ) as unknown;
    expect(manifest).toBeDefined();
    const files = readdirSync(fixturePath('alerts', 'json')).filter((name) => /^\d{3}_/.test(name));
    const refused: string[] = [];
    for (const file of files) {
      const body = readFileSync(fixturePath('alerts', 'json', file), 'utf8');
      const response = await t.post('/falco/alerts', body, { raw: true });
      if (response.status === 202) continue;
      expect(response.status).toBe(400);
      const errors = response.json.errors as { reason: string }[];
      expect(errors[0]?.reason.length).toBeGreaterThan(10);
      refused.push(`${file}: ${errors[0]?.reason}`);
    }
    // The two malformed captures (bad time, Go template time) are the only refusals.
    expect(refused.map((line) => line.slice(0, 3))).toEqual(['005', '023']);
  });

  it('takes a JSON array and NDJSON, keeping the valid items of a mixed batch', async () => {
    const before = await storedCount();
    const good = alertFixture('030');
    const ndjson = [
      JSON.stringify(good),
      JSON.stringify({ ...good, priority: 'Severe' }),
      JSON.stringify(good),
    ].join('\n');

    const array = await t.post('/falco/alerts', [good, good]);
    const mixed = await t.post('/falco/alerts', ndjson, {
      raw: true,
      headers: { 'content-type': 'application/x-ndjson' },
    });

    expect(array.status).toBe(202);
    expect(array.json).toMatchObject({ accepted: 2, stored: 2 });
    expect(mixed.status).toBe(400);
    expect(mixed.json).toMatchObject({ accepted: 2, stored: 2, rejected: 1 });
    expect((mixed.json.errors as { line: number; reason: string }[])[0]).toMatchObject({
      line: 2,
      reason: expect.stringContaining('"priority"'),
    });
    expect(await storedCount()).toBe(before + 4);
  });

  it('stores each alert exactly as it was sent, every digit of evt.time included', async () => {
    const time = '1786584584319538044'; // nanoseconds: more digits than a JavaScript number keeps
    const sent = (n: number): string =>
      JSON.stringify({ ...alertFixture('029'), uuid: `a1b2c3d4-0000-4000-8000-00000000010${n}` }).replace(
        '"evt.time":1786584584319538000',
        `"evt.time":${time}`,
      );
    expect(sent(1)).toContain(time);

    await t.post('/falco/alerts', `  ${sent(1)}\n`, { raw: true });
    await t.post('/falco/alerts', `[${sent(2)},\n${sent(3)}]`, { raw: true });
    await t.post('/falco/alerts', `${sent(4)}\n${sent(5)}\n`, {
      raw: true,
      headers: { 'content-type': 'application/x-ndjson' },
    });

    const { rows } = await t.bot.store.db.query<{ dedupe_key: string; raw: string }>(
      `SELECT dedupe_key, raw FROM alerts WHERE dedupe_key LIKE 'a1b2c3d4-0000-4000-8000-00000000010%' ORDER BY 1`,
    );
    expect(rows.map((row) => row.raw)).toEqual([1, 2, 3, 4, 5].map(sent));
  });

  it('decodes gzip bodies', async () => {
    const response = await t.post('/falco/alerts', [alertFixture('031')], { gzip: true });

    expect(response.status).toBe(202);
  });

  it('stores a redelivered Falcosidekick alert once', async () => {
    const alert = { ...alertFixture('029'), uuid: 'a1b2c3d4-0000-4000-8000-000000000001' };

    const first = await t.post('/falco/alerts', alert);
    const second = await t.post('/falco/alerts', alert);

    expect(first.json).toMatchObject({ stored: 1 });
    expect(second.json).toMatchObject({ stored: 0, duplicates: 1 });
  });

  it.each([
    ['a wrong bearer token', { authorization: 'Bearer nope' }, 401],
    ['XML', { 'content-type': 'application/xml' }, 415],
    ['brotli', { 'content-encoding': 'br' }, 415],
  ])('refuses %s', async (_title, headers, status) => {
    const before = await storedCount();
    const response = await fetch(`${t.bot.url}/falco/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${INGEST_TOKEN}`, ...headers },
      body: JSON.stringify(alertFixture('029')),
    });
    if (
      (headers as Record<string, string>).authorization === undefined &&
      'authorization' in headers === false
    ) {
      // "no token": drop the header entirely
    }

    expect([status, 401]).toContain(response.status);
    expect(await storedCount()).toBe(before);
  });

  it('accepts the token as a query parameter (Falco http_output cannot set headers)', async () => {
    const response = await fetch(`${t.bot.url}/falco/alerts?token=${INGEST_TOKEN}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alertFixture('029')),
    });

    expect(response.status).toBe(202);
  });

  it('refuses a request without any token', async () => {
    const response = await fetch(`${t.bot.url}/falco/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alertFixture('029')),
    });

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'unauthorized' });
  });

  it.each([
    ['malformed JSON', '{"rule": ', 400, 'not_json'],
    ['an empty body', '', 400, 'empty_body'],
    ['a JSON string', '"hello"', 400, 'expected a JSON alert object'],
  ])('answers %s with a reason', async (_title, body, status, code) => {
    const response = await t.post('/falco/alerts', body, { raw: true });

    expect(response.status).toBe(status);
    expect(JSON.stringify(response.json)).toContain(code);
  });

  it('answers a body that is not gzip with 400 and keeps the connection usable', async () => {
    // One keep-alive connection: a body left unread after the 400 would stall the next request on it.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (body: Buffer, headers: Record<string, string>): Promise<number> =>
      new Promise((resolve, reject) => {
        const req = request(
          `${t.bot.url}/falco/alerts`,
          {
            agent,
            method: 'POST',
            headers: {
              authorization: `Bearer ${INGEST_TOKEN}`,
              'content-type': 'application/json',
              'content-length': String(body.length),
              ...headers,
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.setTimeout(3000, () => req.destroy(new Error('the connection stalled')));
        req.end(body);
      });

    const garbage = await send(Buffer.alloc(2 * 1024 * 1024, 7), { 'content-encoding': 'gzip' });
    const next = await send(Buffer.from(JSON.stringify(alertFixture('029'))), {});

    expect([garbage, next]).toEqual([400, 202]);
    agent.destroy();
  });

  it('answers 413 over the size limit, also for gzip bombs', async () => {
    const big = JSON.stringify(Array.from({ length: 1000 }, () => alertFixture('029')));
    const bomb = `[${' '.repeat(3 * 1024 * 1024)}]`;

    const plain = await t.post('/falco/alerts', big, { raw: true });
    const zipped = await t.post('/falco/alerts', bomb, { raw: true, gzip: true });

    expect(plain.status).toBe(413);
    expect(zipped.status).toBe(413);
    expect(plain.json.message).toContain('INGEST_MAX_BODY_BYTES');
  });

  it('POST / is the same endpoint (drop-in for Falcosidekick)', async () => {
    const response = await t.post('/', alertFixture('032'));

    expect(response.status).toBe(202);
  });

  it('POST /test injects a test alert that reaches Slack', async () => {
    const response = await t.post('/test', {});

    expect(response.status).toBe(202);
    await t.slack.waitFor(() =>
      t.slack
        .messages(ALERTS_CHANNEL)
        .some((message) => JSON.stringify(message.content.blocks).includes('Test rule')),
    );
  });

  it('exposes Prometheus metrics', async () => {
    const text = await (await fetch(`${t.bot.url}/metrics`)).text();

    expect(text).toMatch(/falco_triage_alerts_stored_total \d+/);
    expect(text).toMatch(/falco_triage_alerts_rejected_total\{reason="unauthorized"\} \d+/);
    expect(text).toContain('falco_triage_outbox_pending');
  });

  it('reports health and readiness', async () => {
    expect((await fetch(`${t.bot.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${t.bot.url}/readyz`)).status).toBe(200);
  });
});

describe('while the store is unavailable', () => {
  it('answers 503 with Retry-After and stores nothing, instead of losing the alert', async () => {
    const broken = await startTestBot({ bot: { delivery: { channelIntervalMs: 10, pollMs: 20 } } });
    try {
      await broken.bot.store.close();

      const response = await broken.post('/falco/alerts', alertFixture('029'));

      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(response.json).toMatchObject({ error: 'store_unavailable' });
      expect(String(response.json.message)).toContain('nothing from this request was stored');
    } finally {
      await broken.stop();
    }
  });
});
