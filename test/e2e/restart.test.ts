/**
 * The bot killed during a storm and restarted. The real entry point (`node --import tsx src/main.ts`) runs as a
 * child process on an embedded data directory, takes a storm from concurrent clients and is killed with SIGKILL
 * mid-storm, mid-delivery. A new bot on the same data directory must hold every alert that got a 202, and Slack must
 * end up showing every group once with its exact counter.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openStore } from '../../src/store/store.js';
import { DEFAULT_SIGNING_SECRET, FakeSlack } from '../../src/stand-ins/slack/index.js';
import { pgliteSeed } from '../helpers/store.js';
import { counterOf, eventually, groupAlert } from './helpers/alerts.js';
import { INGEST_TOKEN, startTestBot, type TestBot } from './helpers/test-bot.js';

const CHANNELS = ['C0RESTART1', 'C0RESTART2', 'C0RESTART3', 'C0RESTART4', 'C0RESTART5'];
const GROUPS = 20;

let dir: string;
let dataDir: string;
let routesFile: string;
let slack: FakeSlack;
let child: ChildProcess | undefined;
let restarted: TestBot | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'falco-triage-restart-'));
  dataDir = join(dir, 'data');
  routesFile = join(dir, 'routes.yaml');
  const routes = CHANNELS.map(
    (channel, index) => `  - match: { hostnames: ["r${index}-*"] }\n    channels: [${channel}]`,
  );
  writeFileSync(routesFile, `routes:\n${routes.join('\n')}\n`);
  slack = await FakeSlack.start({
    workspace: {
      channels: CHANNELS.map((id, index) => ({ id, name: `restart-${index}`, isMember: true })),
    },
  });
  // Initialise the data directory from the cached seed (the child would otherwise run initdb for seconds).
  const store = await openStore({ kind: 'embedded', dataDir }, { seed: await pgliteSeed() });
  await store.close();
}, 60_000);

afterAll(async () => {
  child?.kill('SIGKILL');
  await restarted?.stop();
  await slack.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `src/main.ts` in a child process; resolves with its URL once it is ready. */
async function startChild(): Promise<string> {
  // Run from the temporary directory (no developer's .env there), with tsx from this checkout.
  const tsx = pathToFileURL(resolve('node_modules/tsx/dist/loader.mjs')).href;
  const proc = spawn(process.execPath, ['--import', tsx, resolve('src/main.ts')], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: DEFAULT_SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      SLACK_DEFAULT_CHANNEL: CHANNELS[0],
      ROUTES_FILE: routesFile,
      INGEST_TOKEN,
      FALCO_TRIAGE_DATA_DIR: dataDir,
      FALCO_VERSION: '0.41.0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  let output = '';
  const port = await new Promise<number>((done, fail) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const found = /"port":(\d+)[^\n]*falco-triage is up/.exec(output);
      if (found?.[1] !== undefined) done(Number(found[1]));
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.once('exit', (code) =>
      fail(new Error(`the bot exited with ${String(code)} before it was up:\n${output}`)),
    );
  });
  return `http://127.0.0.1:${port}`;
}

interface Sent {
  readonly uuid: string;
  readonly group: number;
}

function stormAlert(group: number): Sent & { readonly body: Record<string, unknown> } {
  const uuid = randomUUID();
  return {
    uuid,
    group,
    body: groupAlert(`g${group}`, { hostname: `r${group % CHANNELS.length}-node`, uuid }),
  };
}

describe('killed during a storm', () => {
  it('keeps every alert that got a 202 and shows each group once in Slack, exactly counted', async () => {
    const url = await startChild();
    const accepted: Sent[] = [];
    let requests = 0;
    let killed = false;
    let interrupted = 0;

    // 16 clients send batches of 5 alerts until the bot dies under them.
    const clients = Array.from({ length: 16 }, async (_, client) => {
      for (let round = 0; !killed; round += 1) {
        const batch = Array.from({ length: 5 }, (_, i) => stormAlert((client * 7 + round * 5 + i) % GROUPS));
        try {
          const response = await fetch(`${url}/falco/alerts`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${INGEST_TOKEN}` },
            body: JSON.stringify(batch.map((sent) => sent.body)),
          });
          await response.text();
          requests += 1;
          if (response.status === 202) accepted.push(...batch);
        } catch {
          interrupted += 1;
          return; // the connection died with the bot: this batch was never acknowledged
        }
      }
    });
    await eventually(
      () => Promise.resolve(accepted.length >= 500 && slack.calls('chat.postMessage').length >= 3),
      'a storm under way, with Slack delivery started',
      30_000,
    );
    child?.kill('SIGKILL');
    killed = true;
    await Promise.all(clients);
    const acceptedAtKill = accepted.length;
    const postsAtKill = slack.messages(CHANNELS[0] ?? '').length;

    restarted = await startTestBot({
      slack,
      dataDir,
      env: { ROUTES_FILE: routesFile, SLACK_DEFAULT_CHANNEL: CHANNELS[0] ?? '' },
      bot: { delivery: { channelIntervalMs: 1100, pollMs: 25, updateDelayMs: 500 } },
    });
    const db = restarted.bot.store.db;

    // Every acknowledged alert is stored.
    const { rows: stored } = await db.query<{ n: string }>(
      'SELECT count(*) AS n FROM alerts WHERE dedupe_key = ANY($1::text[])',
      [accepted.map((sent) => sent.uuid)],
    );
    expect(Number(stored[0]?.n)).toBe(acceptedAtKill);
    expect(requests).toBeGreaterThanOrEqual(100);
    expect(interrupted).toBeGreaterThan(0); // requests were in flight when the bot died

    // Slack catches up: one message per group, showing the group's exact count.
    const groups = await eventually(
      async () => {
        const { rows } = await db.query<{ channel: string; slack_ts: string | null; count: number }>(
          'SELECT channel, slack_ts, count FROM alert_groups',
        );
        const shown = rows.every(
          (row) =>
            row.slack_ts !== null &&
            counterOf(slack.message(row.channel, row.slack_ts)?.content.text ?? '') === Number(row.count),
        );
        return shown && rows;
      },
      'every group posted with its exact counter',
      40_000,
    );
    expect(groups).toHaveLength(GROUPS);
    const { rows: total } = await db.query<{ n: string }>('SELECT count(*) AS n FROM alerts');
    expect(groups.reduce((sum, row) => sum + Number(row.count), 0)).toBe(Number(total[0]?.n));
    // Delivery is at least once: a post whose answer was lost in the kill may show twice; at most one per channel.
    const extra = CHANNELS.flatMap((channel) => slack.messages(channel)).length - GROUPS;
    expect(extra).toBeGreaterThanOrEqual(0);
    expect(extra).toBeLessThanOrEqual(CHANNELS.length);
    expect(postsAtKill).toBeGreaterThanOrEqual(0);
    // Slack shows the last counter a moment before the bot records its job as done.
    const stats = await eventually(async () => {
      const now = await restarted?.bot.store.outbox.stats(new Date());
      return now?.leased === 0 && now;
    }, 'no job left leased');
    expect(stats).toMatchObject({ leased: 0, dead: 0 });
  }, 120_000);
});
