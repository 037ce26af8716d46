/**
 * Public and internal traffic on separate ports (PORT and INTERNAL_PORT), so a chart can expose the public port and
 * keep the internal one inside the cluster: the public port serves only Slack and GitHub, the internal one intake,
 * health and metrics; each answers anything else 404 with a JSON message. Without INTERNAL_PORT one port serves
 * everything (every other end-to-end test runs that way).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeAlert } from './helpers/alerts.js';
import { startBotWithRepo, type BotWithRepo } from './helpers/bot-with-repo.js';
import { ALERTS_CHANNEL, INGEST_TOKEN, startTestBot, type TestBot } from './helpers/test-bot.js';

async function call(
  url: string,
  method: 'GET' | 'POST',
  body?: string,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = { text };
  }
  return { status: response.status, json };
}

describe('with INTERNAL_PORT set', () => {
  let setup: BotWithRepo;
  let t: TestBot;

  beforeAll(async () => {
    setup = await startBotWithRepo({}, { GITHUB_WEBHOOK_SECRET: 'ports-webhook-secret', INTERNAL_PORT: '0' });
    t = setup.t;
  }, 60_000);

  afterAll(async () => {
    await setup.stop();
  });

  it('listens on two ports', () => {
    expect(t.bot.internalPort).not.toBe(t.bot.port);
    expect(t.bot.internalUrl).toBe(`http://127.0.0.1:${t.bot.internalPort}`);
  });

  it('takes an alert on the internal port and posts it to Slack', async () => {
    const response = await t.post('/falco/alerts', makeAlert());

    expect(response.status).toBe(202);
    const messages = await t.slack.waitFor(() => {
      const posted = t.slack.messages(ALERTS_CHANNEL);
      return posted.length > 0 && posted;
    });
    expect(JSON.stringify(messages[0]?.content.blocks)).toContain('Read sensitive file untrusted');
  });

  it.each([
    ['POST', '/falco/alerts'],
    ['POST', '/'],
    ['POST', '/test'],
    ['GET', '/healthz'],
    ['GET', '/readyz'],
    ['GET', '/metrics'],
  ] as const)('the public port refuses %s %s with a JSON 404', async (method, path) => {
    const body = method === 'POST' ? JSON.stringify(makeAlert()) : undefined;

    const response = await call(`${t.bot.url}${path}`, method, body);

    expect(response.status).toBe(404);
    expect(response.json).toMatchObject({
      error: 'not_found',
      message: expect.stringContaining('internal port') as unknown,
    });
  });

  it('stores nothing sent to the public port', async () => {
    const count = async (): Promise<number> => {
      const { rows } = await t.bot.store.db.query<{ n: string }>('SELECT count(*) AS n FROM alerts');
      return Number(rows[0]?.n ?? 0);
    };
    const before = await count();

    await call(`${t.bot.url}/falco/alerts`, 'POST', JSON.stringify(makeAlert()));

    expect(await count()).toBe(before);
  });

  it('serves Slack on the public port', async () => {
    const delivery = await t.client.command('status', { user: 'U0ALICE001', channel: ALERTS_CHANNEL });

    expect(delivery.status).toBe(200);
  });

  it('serves the GitHub webhook on the public port (unsigned deliveries are refused by it, not unknown)', async () => {
    const response = await call(`${t.bot.url}/github/webhook`, 'POST', '{}');

    expect(response.status).toBe(401);
  });

  it('serves health and metrics on the internal port', async () => {
    expect((await call(`${t.bot.internalUrl}/healthz`, 'GET')).status).toBe(200);
    expect((await call(`${t.bot.internalUrl}/readyz`, 'GET')).status).toBe(200);
    const metrics = await fetch(`${t.bot.internalUrl}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('falco_triage_alerts_stored_total');
  });

  it.each(['/slack/events', '/github/webhook'])(
    'the internal port refuses POST %s with a JSON 404',
    async (path) => {
      const response = await call(`${t.bot.internalUrl}${path}`, 'POST', '{}');

      expect(response.status).toBe(404);
      expect(response.json).toMatchObject({
        error: 'not_found',
        message: expect.stringContaining('public port') as unknown,
      });
    },
  );
});

describe('without INTERNAL_PORT', () => {
  let t: TestBot;

  beforeAll(async () => {
    t = await startTestBot();
  });

  afterAll(async () => {
    await t.stop();
  });

  it('serves everything on one port', async () => {
    expect(t.bot.internalPort).toBe(t.bot.port);
    expect(t.bot.internalUrl).toBe(t.bot.url);
    expect((await call(`${t.bot.url}/healthz`, 'GET')).status).toBe(200);
    expect((await call(`${t.bot.url}/falco/alerts`, 'POST', JSON.stringify(makeAlert()))).status).toBe(202);
    expect((await call(`${t.bot.url}/slack/events`, 'POST', '{}')).status).toBe(401);
  });
});
