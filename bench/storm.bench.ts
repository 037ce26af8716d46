/**
 * Alert storm: 100,000 alerts over 50 fingerprints and 5 channels, sent to the real bot (`src/main.ts` in a child
 * process, embedded store) by 16 concurrent clients in 100-alert batches, with Slack played by the fake Web API
 * server with its realistic limits on (chat.postMessage one per second per channel with a burst of 3; chat.update and
 * the other methods at the floor of their tier). Reported: alerts stored, Slack posts (goal: 50), updates, thread
 * replies, 429s received (goal: 0), whether every message's counter ends exactly at its group's alert count, how long
 * Slack took to show the final counts, and the bot's peak memory (goal: under 300 MB RSS).
 *
 * Baseline, same run: what Falcosidekick's Slack output does, one message per alert. Measured on the first 1,000
 * alerts of the storm against the same fake Slack (a post per alert, no retry, as Falcosidekick does): how many
 * Slack refused; and computed for all 100,000: the posts and the time Slack's one message per second per channel
 * would need.
 *
 * The bot runs as production does: plain JavaScript without tsx (src/main.ts bundled by esbuild), with the Node flags
 * of `npm start` (package.json's start script: the V8 settings that keep the storm's peak well under 300 MB) unless
 * BOT_NODE_FLAGS says otherwise, e.g. `BOT_NODE_FLAGS=" "` for Node's defaults.
 *
 * Run: npx tsx bench/storm.bench.ts [--alerts 100000]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openStore } from '../src/store/store.js';
import { DEFAULT_SIGNING_SECRET, FakeSlack, SLACK_TIER_LIMITS } from '../src/stand-ins/slack/index.js';
import {
  botNodeFlags,
  bundleBot,
  memoryOf,
  seedFile,
  spawnBot,
  type BotProcess,
} from './support/bot-process.js';

const arg = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const ALERTS = arg('alerts', 100_000);
const FINGERPRINTS = 50;
const CHANNELS = ['C0STORM001', 'C0STORM002', 'C0STORM003', 'C0STORM004', 'C0STORM005'];
const CLIENTS = 16;
const BATCH = 100;
const TOKEN = 'storm-bench-token-0123456789';
const NODE_FLAGS = botNodeFlags();

const fixture = JSON.parse(
  readFileSync(
    resolve(
      process.cwd(),
      '../shared/fixtures/alerts/json/029_thirdparty_read_sensitive_file_untrusted_container_0.44.1.json',
    ),
    'utf8',
  ),
) as { output_fields: Record<string, unknown> } & Record<string, unknown>;

/** Alert `index` of the storm: group `index % 50`, routed to channel `group % 5` by its hostname. */
function alert(index: number): Record<string, unknown> {
  const group = index % FINGERPRINTS;
  const time = new Date(Date.now());
  return {
    ...fixture,
    time: time.toISOString(),
    hostname: `storm${group % CHANNELS.length}-node`,
    output_fields: {
      ...fixture.output_fields,
      'evt.time': time.getTime() * 1_000_000 + (index % 1_000_000),
      'fd.name': `/etc/storm-${group}`,
      'proc.pid': 1000 + index,
    },
  };
}

async function startBot(dir: string, slack: FakeSlack): Promise<BotProcess> {
  const dataDir = join(dir, 'data');
  const seed = seedFile();
  const store = await openStore(
    { kind: 'embedded', dataDir },
    seed === undefined ? {} : { seed: new Blob([readFileSync(seed)]) },
  );
  await store.close();
  const routes = CHANNELS.map(
    (channel, index) => `  - match: { hostnames: ["storm${index}-*"] }\n    channels: [${channel}]`,
  );
  writeFileSync(join(dir, 'routes.yaml'), `routes:\n${routes.join('\n')}\n`);
  return spawnBot(bundleBot(dir), dir, {
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: DEFAULT_SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    ROUTES_FILE: join(dir, 'routes.yaml'),
    INGEST_TOKEN: TOKEN,
    FALCO_TRIAGE_DATA_DIR: dataDir,
    FALCO_VERSION: '0.41.0',
  });
}

/** Falcosidekick's way, measured: one chat.postMessage per alert as it comes, no retry. */
async function falcosidekickSlice(
  slack: FakeSlack,
  count: number,
): Promise<{ sent: number; refused: number }> {
  let refused = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let index = client; index < count; index += CLIENTS) {
        const body = alert(index);
        const response = await fetch(`${slack.apiUrl}chat.postMessage`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${slack.botToken}` },
          body: JSON.stringify({
            channel: CHANNELS[(index % FINGERPRINTS) % CHANNELS.length],
            text: String(body.output),
          }),
        });
        if (response.status === 429) refused += 1;
        await response.text();
      }
    }),
  );
  return { sent: count, refused };
}

function counterOf(text: string): number {
  return Number(/ ×(\d+)/.exec(text)?.[1] ?? 1);
}

async function main(): Promise<void> {
  const limits = { postMessagePerChannel: { perSecond: 1, burst: 3 }, methods: SLACK_TIER_LIMITS };
  const workspace = {
    channels: CHANNELS.map((id, index) => ({ id, name: `storm-${index}`, isMember: true })),
    scopes: 'all' as const,
  };
  // Baseline first, on its own fake Slack (same limits).
  const baselineSlack = await FakeSlack.start({ workspace, rateLimits: limits });
  const sliceStarted = performance.now();
  const slice = await falcosidekickSlice(baselineSlack, Math.min(1000, ALERTS));
  const sliceSeconds = (performance.now() - sliceStarted) / 1000;
  await baselineSlack.stop();

  const dir = mkdtempSync(join(tmpdir(), 'falco-triage-storm-'));
  const slack = await FakeSlack.start({ workspace, rateLimits: limits });
  let bot: BotProcess | undefined;
  try {
    bot = await startBot(dir, slack);
    const { url, child } = bot;
    let peakSampled = 0;
    const sampler = setInterval(() => {
      peakSampled = Math.max(peakSampled, memoryOf(child.pid ?? 0)?.nowMb ?? 0);
    }, 200);

    const idle = memoryOf(child.pid ?? 0);
    const started = performance.now();
    let next = 0;
    let stored = 0;
    let refusedRequests = 0;
    const perGroup = new Array<number>(FINGERPRINTS).fill(0);
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < ALERTS) {
          const first = next;
          next += BATCH;
          const indexes = Array.from({ length: Math.min(BATCH, ALERTS - first) }, (_, i) => first + i);
          for (;;) {
            const response = await fetch(`${url}/falco/alerts`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
              body: JSON.stringify(indexes.map(alert)),
            });
            const answer = (await response.json()) as { stored?: number };
            if (response.status === 202) {
              stored += answer.stored ?? 0;
              for (const index of indexes)
                perGroup[index % FINGERPRINTS] = (perGroup[index % FINGERPRINTS] ?? 0) + 1;
              break;
            }
            refusedRequests += 1; // 503: the bot asked us to retry
            await new Promise((done) => setTimeout(done, 200));
          }
        }
      }),
    );
    const intakeSeconds = (performance.now() - started) / 1000;
    const afterIntake = memoryOf(child.pid ?? 0);

    // Slack catches up: every group's message shows its exact count.
    const exact = (): boolean => {
      const messages = CHANNELS.flatMap((channel) => slack.messages(channel));
      const shown = new Map<number, number>();
      for (const message of messages) {
        const group = /\/etc\/storm-(\d+)/.exec(JSON.stringify(message.content.blocks))?.[1];
        if (group !== undefined) shown.set(Number(group), counterOf(message.content.text));
      }
      return perGroup.every((count, group) => shown.get(group) === count);
    };
    const deadline = Date.now() + 10 * 60_000;
    while (!exact() && Date.now() < deadline) await new Promise((done) => setTimeout(done, 250));
    const settledSeconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const memory = memoryOf(child.pid ?? 0);

    const calls = slack.calls();
    const posts = calls.filter((call) => call.method === 'chat.postMessage' && call.status === 200);
    const topLevel = posts.filter((call) => call.args.thread_ts === undefined).length;
    const replies = posts.length - topLevel;
    const updates = calls.filter((call) => call.method === 'chat.update' && call.status === 200).length;
    const limited = calls.filter((call) => call.status === 429).length;
    const allExact = exact();

    child.kill('SIGTERM');
    await new Promise((done) => child.once('exit', done));
    bot = undefined;
    const store = await openStore({ kind: 'embedded', dataDir: join(dir, 'data') });
    const { rows } = await store.db.query<{ n: string }>('SELECT count(*) AS n FROM alerts');
    const inStore = Number(rows[0]?.n);
    await store.close();

    const naiveHours = ALERTS / CHANNELS.length / 3600;
    console.log(
      `\nStorm: ${ALERTS.toLocaleString('en')} alerts, ${FINGERPRINTS} fingerprints, ${CHANNELS.length} channels, ` +
        `${CLIENTS} clients × ${BATCH}-alert requests; fake Slack at 1 post/s/channel (burst 3) and tier limits; ` +
        `bot node flags: ${NODE_FLAGS.length === 0 ? '(defaults)' : NODE_FLAGS.join(' ')}`,
    );
    const line = (label: string, value: string, goal = ''): void =>
      console.log(`  ${label.padEnd(34)} ${value.padStart(14)}  ${goal}`);
    line(
      'alerts stored (store, after stop)',
      inStore.toLocaleString('en'),
      `goal ${ALERTS.toLocaleString('en')}: ${inStore === ALERTS ? 'met' : 'MISSED'}`,
    );
    line(
      'alerts stored (sum of 202 answers)',
      stored.toLocaleString('en'),
      `${refusedRequests} requests answered 503 and retried`,
    );
    line(
      'intake time',
      `${intakeSeconds.toFixed(1)} s`,
      `${Math.round(ALERTS / intakeSeconds).toLocaleString('en')} alerts/s`,
    );
    line(
      'Slack posts (messages)',
      String(topLevel),
      `goal ${FINGERPRINTS}: ${topLevel === FINGERPRINTS ? 'met' : 'MISSED'}`,
    );
    line('Slack thread replies', String(replies));
    line('Slack chat.update calls', String(updates));
    line('429s received', String(limited), `goal 0: ${limited === 0 ? 'met' : 'MISSED'}`);
    line(
      'counters exact at the end',
      allExact ? 'yes' : 'NO',
      `after ${settledSeconds.toFixed(1)} s from the first alert`,
    );
    line(
      'bot RSS idle / after intake',
      `${idle?.nowMb.toFixed(0) ?? '?'} / ${afterIntake?.nowMb.toFixed(0) ?? '?'} MB`,
    );
    line(
      'bot peak RSS',
      `${(memory?.peakMb ?? peakSampled).toFixed(0)} MB`,
      `goal < 300 MB: ${(memory?.peakMb ?? peakSampled) < 300 ? 'met' : 'MISSED'}`,
    );
    console.log('  baseline (Falcosidekick: one Slack message per alert):');
    line('  posts for the storm', ALERTS.toLocaleString('en'));
    line(
      '  time at 1 post/s/channel',
      `${naiveHours.toFixed(1)} h`,
      `(${(ALERTS / CHANNELS.length).toLocaleString('en')} s per channel)`,
    );
    line(
      `  measured: first ${slice.sent} alerts`,
      `${slice.refused} refused`,
      `(429, in ${sliceSeconds.toFixed(1)} s; Falcosidekick does not retry: ${Math.round((100 * slice.refused) / slice.sent)}% lost)`,
    );
  } finally {
    bot?.child.kill('SIGKILL');
    await slack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
