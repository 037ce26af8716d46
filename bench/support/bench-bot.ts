/**
 * Starts the real bot for a benchmark: the composition root (`startBot`) on a free port, the embedded store in a
 * fresh temporary data directory (from the cached initdb seed the tests made, when there is one), Slack played by the
 * fake Web API server with its realistic limits. Benchmarks drive it over HTTP like Falco does.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBot, type BotOptions, type RunningBot } from '../../src/app/compose.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { DEFAULT_SIGNING_SECRET, FakeSlack, type FakeSlackOptions } from '../../src/stand-ins/slack/index.js';
import { seedFile } from './bot-process.js';

export const BENCH_TOKEN = 'bench-ingest-token-0123456789';

export interface BenchBot {
  readonly bot: RunningBot;
  readonly slack: FakeSlack;
  stop(): Promise<void>;
}

/** PGlite's initdb dump cached by the test helpers, if the tests ran on this machine. */
export function cachedSeed(): Blob | undefined {
  const path = seedFile();
  return path === undefined ? undefined : new Blob([readFileSync(path)]);
}

export async function startBenchBot(options: {
  readonly env?: Record<string, string>;
  readonly slack?: FakeSlackOptions;
  readonly bot?: Partial<BotOptions>;
}): Promise<BenchBot> {
  const slack = await FakeSlack.start(options.slack);
  const dataDir = mkdtempSync(join(tmpdir(), 'falco-triage-bench-'));
  const loaded = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: DEFAULT_SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    SLACK_DEFAULT_CHANNEL: 'C0ALERTS01',
    INGEST_TOKEN: BENCH_TOKEN,
    FALCO_TRIAGE_DATA_DIR: dataDir,
    FALCO_VERSION: '0.41.0',
    ...options.env,
  });
  if (!loaded.ok) throw new Error(`bench configuration invalid: ${JSON.stringify(loaded.error)}`);
  const seed = cachedSeed();
  const bot = await startBot(loaded.value, {
    logger: silentLogger,
    ...(seed === undefined ? {} : { storeOptions: { seed } }),
    ...options.bot,
  });
  return {
    bot,
    slack,
    async stop() {
      await bot.stop();
      await slack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
