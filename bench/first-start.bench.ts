/**
 * First start on an empty data directory: the bot (as `npm start` runs it, support/bot-process.ts) must run initdb
 * before it can store anything. Reported: how long the first start takes and the bot's resident memory once it is up
 * and settled, against the same bot restarted on the now initialised directory (the baseline, same run). Also
 * measured: what initdb inside the bot's own process would leave resident (PGlite alone, in a child process with the
 * same node flags): the reason the bot runs initdb in a short-lived child process (src/store/pglite-initdb.ts).
 *
 * Run: npx tsx bench/first-start.bench.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SIGNING_SECRET, FakeSlack } from '../src/stand-ins/slack/index.js';
import {
  botNodeFlags,
  bundleBot,
  memoryOf,
  spawnBot,
  stopBot,
  type BotProcess,
} from './support/bot-process.js';

const SETTLE_MS = 3000;

async function settledMemory(bot: BotProcess): Promise<number> {
  await new Promise((done) => setTimeout(done, SETTLE_MS));
  return memoryOf(bot.child.pid ?? 0)?.nowMb ?? Number.NaN;
}

/** PGlite alone, initdb in its own process (the old way), then one query: resident MB once settled. */
function inProcessInitdbMb(dataDir: string): number {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const script = `
    const { PGlite } = require(process.argv[1]);
    (async () => {
      const pg = await PGlite.create({ dataDir: process.argv[2], postgresqlconf: ['shared_buffers = 16MB'] });
      await pg.query('SELECT 1');
      await new Promise((done) => setTimeout(done, ${SETTLE_MS}));
      process.stdout.write(String(process.memoryUsage().rss / 1048576));
      await pg.close();
    })();`;
  const run = spawnSync(process.execPath, [...botNodeFlags(), '-e', script, entry, dataDir], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`PGlite child failed: ${run.stderr}`);
  return Number(run.stdout);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'falco-triage-first-start-'));
  const slack = await FakeSlack.start();
  try {
    const bundle = bundleBot(dir);
    const env = {
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: DEFAULT_SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      SLACK_DEFAULT_CHANNEL: 'C0BENCH001',
      INGEST_TOKEN: 'first-start-bench-token-0123456789',
      FALCO_TRIAGE_DATA_DIR: join(dir, 'data'),
      FALCO_VERSION: '0.41.0',
    };
    const first = await spawnBot(bundle, dir, env);
    const firstMb = await settledMemory(first);
    await stopBot(first.child);
    const again = await spawnBot(bundle, dir, env);
    const againMb = await settledMemory(again);
    await stopBot(again.child);
    const oldWayMb = inProcessInitdbMb(join(dir, 'pglite-in-process'));

    const flags = botNodeFlags();
    console.log(
      `\nFirst start (bot node flags: ${flags.length === 0 ? '(defaults)' : flags.join(' ')}; resident memory ` +
        `${SETTLE_MS / 1000} s after start-up)`,
    );
    const rows = [
      ['first start, empty data directory (initdb in a child process)', first.startMs, firstMb],
      ['baseline: restart on the initialised directory', again.startMs, againMb],
    ] as const;
    for (const [what, ms, mb] of rows)
      console.log(
        `  ${what.padEnd(64)} ${(ms / 1000).toFixed(1).padStart(5)} s  ${mb.toFixed(0).padStart(4)} MB`,
      );
    console.log(
      `  ${'for comparison: initdb in-process (PGlite alone, no bot)'.padEnd(64)} ${''.padStart(7)}  ` +
        `${oldWayMb.toFixed(0).padStart(4)} MB`,
    );
    console.log(
      `  first start vs baseline: ${(firstMb - againMb >= 0 ? '+' : '') + (firstMb - againMb).toFixed(0)} MB ` +
        `resident, ${((first.startMs - again.startMs) / 1000).toFixed(1)} s longer (initdb)`,
    );
  } finally {
    await slack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
