/**
 * Routing end to end: a ROUTES_FILE decides per alert (first match wins) which channels get a message, which alerts
 * are only stored and which are dropped; alerts no route claims go to SLACK_DEFAULT_CHANNEL. An invalid routes file
 * stops the bot at start-up with every problem and its position.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startBot, StartupError } from '../../src/app/compose.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { alertFixture } from '../helpers/fixtures.js';
import { counterOf, makeAlert } from './helpers/alerts.js';
import { ALERTS_CHANNEL, INGEST_TOKEN, startTestBot, type TestBot } from './helpers/test-bot.js';

const CRITICAL_CHANNEL = 'C0ALERTS02';
const PLATFORM_CHANNEL = 'C0PLATFORM1';

const ROUTES = `# falco-triage routes (first match wins)
message:
  links:
    - text: Runbook
      url: https://runbooks.example.com/falco/{rule_slug}
routes:
  - name: drop internal
    match:
      rules: ["Falco internal: *"]
    action: drop
  - name: shells
    match:
      rules: ["Terminal shell in container"]
    channels: [${CRITICAL_CHANNEL}]
  - name: critical everywhere
    match:
      priority: ">=Critical"
    channels: [${ALERTS_CHANNEL}, ${CRITICAL_CHANNEL}]
  - name: platform
    match:
      hostnames: ["prod-*"]
      output_fields: ["k8s.ns.name=kube-system", "k8s.ns.name=platform"]
    channels: ${PLATFORM_CHANNEL}
    message:
      form: compact
      fields: [k8s.ns.name, fd.name, proc.cmdline]
      links:
        - text: Logs
          url: https://grafana.example.com/explore?from={from_ms}&to={to_ms}&host={hostname}
  - name: quiet
    match:
      priority: "<Notice"
    action: store
`;

let dir: string;
let t: TestBot;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'falco-triage-routing-'));
  writeFileSync(join(dir, 'routes.yaml'), ROUTES);
  t = await startTestBot({
    env: { ROUTES_FILE: join(dir, 'routes.yaml') },
    slackOptions: {
      rateLimits: { postMessagePerChannel: false },
      workspace: {
        channels: [
          { id: ALERTS_CHANNEL, name: 'falco-alerts', isMember: true },
          { id: CRITICAL_CHANNEL, name: 'falco-critical', isMember: true },
          { id: PLATFORM_CHANNEL, name: 'platform-alerts', isMember: true },
        ],
      },
    },
    bot: { delivery: { channelIntervalMs: 10, pollMs: 20, updateDelayMs: 200 } },
  });
});

afterAll(async () => {
  await t.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface StoredRow {
  readonly rule: string;
  readonly route: string | null;
  readonly channels: string[];
}

async function storedWithFile(file: string): Promise<StoredRow[]> {
  const { rows } = await t.bot.store.db.query<StoredRow>(
    `SELECT rule, route, channels FROM alerts WHERE output_fields ->> 'fd.name' = $1`,
    [file],
  );
  return rows;
}

/** Messages in `channel` whose blocks mention `text`. */
function messagesWith(channel: string, text: string): string[] {
  return t.slack
    .messages(channel)
    .filter((message) => JSON.stringify(message.content.blocks).includes(text))
    .map((message) => message.content.text);
}

async function metric(name: string): Promise<string> {
  const text = await (await fetch(`${t.bot.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(name))
    .join('\n');
}

describe('routing with a ROUTES_FILE', () => {
  it('posts a rule to its own channel only', async () => {
    const response = await t.post('/falco/alerts', alertFixture('031'));

    expect(response.json).toMatchObject({ stored: 1, dropped: 0 });
    await t.slack.waitFor(() => messagesWith(CRITICAL_CHANNEL, 'Terminal shell in container').length === 1, {
      what: 'the shell alert in the critical channel',
    });
    expect(messagesWith(ALERTS_CHANNEL, 'Terminal shell in container')).toEqual([]);
  });

  it('posts to every channel of a route, one message and one counter per channel', async () => {
    const critical = (): Record<string, unknown> =>
      makeAlert({ priority: 'Critical', fields: { 'fd.name': '/data/critical' } });

    await t.post('/falco/alerts', [critical(), critical()]);
    await t.post('/falco/alerts', critical());

    await t.slack.waitFor(
      () =>
        messagesWith(ALERTS_CHANNEL, '/data/critical').map(counterOf).join() === '3' &&
        messagesWith(CRITICAL_CHANNEL, '/data/critical').map(counterOf).join() === '3',
      { what: 'one ×3 message in each of the two channels' },
    );
    const stored = await storedWithFile('/data/critical');
    expect(stored).toHaveLength(3);
    expect(stored[0]).toMatchObject({
      route: 'critical everywhere',
      channels: [ALERTS_CHANNEL, CRITICAL_CHANNEL],
    });
  });

  it('matches hostnames and output fields together', async () => {
    const alert = (hostname: string, ns: string, file: string): Record<string, unknown> =>
      makeAlert({ hostname, fields: { 'k8s.ns.name': ns, 'fd.name': file } });

    await t.post('/falco/alerts', [
      alert('prod-eu-1', 'platform', '/data/platform-prod'),
      alert('dev-eu-1', 'platform', '/data/platform-dev'),
      alert('prod-eu-2', 'payments', '/data/payments-prod'),
    ]);

    await t.slack.waitFor(() => messagesWith(PLATFORM_CHANNEL, '/data/platform-prod').length === 1);
    await t.slack.waitFor(() => messagesWith(ALERTS_CHANNEL, '/data/payments-prod').length === 1);
    await t.slack.waitFor(() => messagesWith(ALERTS_CHANNEL, '/data/platform-dev').length === 1);
    expect(t.slack.messages(PLATFORM_CHANNEL)).toHaveLength(1);
    // The platform route asks for the compact form with its own links; the others get the file's runbook link.
    const [compact] = t.slack.messages(PLATFORM_CHANNEL);
    const blocks = (compact?.content.blocks ?? []) as { type: string }[];
    expect(blocks.map((block) => block.type)).toEqual(['section', 'context', 'context', 'actions']);
    const compactText = JSON.stringify(blocks);
    expect(compactText).toContain('k8s.ns.name `platform`  ·  fd.name `/data/platform-prod`');
    expect(compactText).toContain('https://grafana.example.com/explore?from=');
    expect(compactText).toContain('&amp;host=prod-eu-1|Logs>');
    expect(compactText).not.toContain('Runbook');
    const full = t.slack
      .messages(ALERTS_CHANNEL)
      .find((message) => JSON.stringify(message.content.blocks).includes('/data/payments-prod'));
    expect(JSON.stringify(full?.content.blocks)).toContain(
      '<https://runbooks.example.com/falco/read-sensitive-file-untrusted|Runbook>',
    );
    expect(await storedWithFile('/data/payments-prod')).toEqual([
      { rule: 'Read sensitive file untrusted', route: null, channels: [ALERTS_CHANNEL] },
    ]);
  });

  it('stores without posting when the route says store', async () => {
    const response = await t.post(
      '/falco/alerts',
      makeAlert({ priority: 'Informational', fields: { 'fd.name': '/data/quiet' } }),
    );

    expect(response.status).toBe(202);
    expect(response.json).toMatchObject({ stored: 1, dropped: 0 });
    expect(await storedWithFile('/data/quiet')).toEqual([
      { rule: 'Read sensitive file untrusted', route: 'quiet', channels: [] },
    ]);
    // A later alert does reach Slack: by then the stored-only one would have been posted, had it been queued.
    await t.post('/falco/alerts', makeAlert({ fields: { 'fd.name': '/data/after-quiet' } }));
    await t.slack.waitFor(() => messagesWith(ALERTS_CHANNEL, '/data/after-quiet').length === 1);
    for (const channel of [ALERTS_CHANNEL, CRITICAL_CHANNEL, PLATFORM_CHANNEL]) {
      expect(messagesWith(channel, '/data/quiet')).toEqual([]);
    }
    const { rows } = await t.bot.store.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM alert_groups g JOIN alerts a ON a.id = g.first_alert_id
       WHERE a.output_fields ->> 'fd.name' = '/data/quiet'`,
    );
    expect(Number(rows[0]?.n)).toBe(0);
  });

  it('drops what the route says to drop, and counts it', async () => {
    const before = await t.bot.store.db.query<{ n: string }>('SELECT count(*) AS n FROM alerts');

    const response = await t.post('/falco/alerts', [alertFixture('024'), alertFixture('025')]);

    expect(response.status).toBe(202);
    expect(response.json).toMatchObject({ accepted: 2, stored: 0, dropped: 2 });
    const after = await t.bot.store.db.query<{ n: string }>('SELECT count(*) AS n FROM alerts');
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
    expect(await metric('falco_triage_alerts_dropped_total')).toContain(
      'falco_triage_alerts_dropped_total{route="drop internal"} 2',
    );
  });

  it('sends what no route claims to SLACK_DEFAULT_CHANNEL', async () => {
    await t.post('/falco/alerts', alertFixture('022'));

    await t.slack.waitFor(() => messagesWith(ALERTS_CHANNEL, 'Write below binary dir').length === 1, {
      what: 'the unrouted alert in the default channel',
    });
    expect(messagesWith(CRITICAL_CHANNEL, 'Write below binary dir')).toEqual([]);
  });
});

describe('an invalid routes file', () => {
  it('stops start-up with every problem and its position', async () => {
    const path = join(dir, 'broken.yaml');
    writeFileSync(
      path,
      [
        'routes:',
        '  - match:',
        '      rules: ["Terminal shell in container"]',
        '      priority: "Severe"',
        '    channels: [general]',
        '  - match: { colour: red }',
        '    action: store',
        '',
      ].join('\n'),
    );
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_DEFAULT_CHANNEL: ALERTS_CHANNEL,
      INGEST_TOKEN,
      FALCO_TRIAGE_DATA_DIR: join(dir, 'never-opened'),
      ROUTES_FILE: path,
    });
    if (!config.ok) throw new Error('test configuration invalid');

    const started = startBot(config.value, { logger: silentLogger });

    await expect(started).rejects.toThrow(StartupError);
    const message = await started.then(
      () => '',
      (error: unknown) => (error as Error).message,
    );
    expect(message).toContain(`${path}:4:17: routes.0.match.priority`);
    expect(message).toContain(`${path}:5:16: routes.0.channels.0: expected a Slack channel ID`);
    expect(message).toMatch(new RegExp(`${path}:6:\\d+: routes\\.1\\.match: .*colour`));
  });

  it('reports a YAML syntax error with its line', async () => {
    const path = join(dir, 'syntax.yaml');
    writeFileSync(path, 'routes:\n  - match: { rules: ["a"\n    action: drop\n');
    const config = loadConfig({
      PORT: '0',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 'secret',
      INGEST_TOKEN,
      FALCO_TRIAGE_DATA_DIR: join(dir, 'never-opened'),
      ROUTES_FILE: path,
    });
    if (!config.ok) throw new Error('test configuration invalid');

    await expect(startBot(config.value, { logger: silentLogger })).rejects.toThrow(
      new RegExp(`${path}:\\d+:\\d+: `),
    );
  });
});
