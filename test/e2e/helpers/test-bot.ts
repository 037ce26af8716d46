import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startBot, type BotOptions, type RunningBot } from '../../../src/app/compose.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger, silentLogger } from '../../../src/logger.js';
import {
  DEFAULT_SIGNING_SECRET,
  FakeSlack,
  SignedSlackClient,
  type FakeSlackOptions,
} from '../../../src/stand-ins/slack/index.js';
import { pgliteSeed } from '../../../src/store/index.js';

export const INGEST_TOKEN = 'e2e-ingest-token-0123456789';
export const ALERTS_CHANNEL = 'C0ALERTS01';

export interface TestBot {
  readonly bot: RunningBot;
  readonly slack: FakeSlack;
  readonly client: SignedSlackClient;
  readonly dataDir: string;
  /** POSTs a body to the bot's intake (the internal port when split); JSON bodies are serialised; `gzip` compresses. */
  post(
    path: string,
    body: unknown,
    options?: { headers?: Record<string, string>; gzip?: boolean; raw?: boolean },
  ): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }>;
  /** Stops the bot (keeps the data directory unless `cleanup`). */
  stop(options?: { cleanup?: boolean; keepSlack?: boolean }): Promise<void>;
}

export interface TestBotOptions {
  readonly env?: Record<string, string>;
  readonly slack?: FakeSlack;
  readonly slackOptions?: FakeSlackOptions;
  readonly dataDir?: string;
  readonly bot?: Partial<BotOptions>;
}

/** Starts the real bot on a free port against a fake Slack and a fresh embedded store. */
export async function startTestBot(options: TestBotOptions = {}): Promise<TestBot> {
  const slack = options.slack ?? (await FakeSlack.start(options.slackOptions));
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'falco-triage-e2e-'));
  const loaded = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: DEFAULT_SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    SLACK_DEFAULT_CHANNEL: ALERTS_CHANNEL,
    INGEST_TOKEN,
    FALCO_TRIAGE_DATA_DIR: dataDir,
    ...options.env,
  });
  if (!loaded.ok) throw new Error(`test configuration invalid: ${JSON.stringify(loaded.error)}`);
  const bot = await startBot(loaded.value, {
    // E2E_LOG=debug npm run jest -- test/e2e/… shows the bot's logs while debugging a test.
    logger: process.env.E2E_LOG === undefined ? silentLogger : createLogger(process.env.E2E_LOG),
    storeOptions: { seed: await pgliteSeed() },
    delivery: { channelIntervalMs: 1100, pollMs: 25 },
    ...options.bot,
  });
  const client = new SignedSlackClient({
    url: `${bot.url}/slack/events`,
    signingSecret: DEFAULT_SIGNING_SECRET,
    slack,
  });
  return {
    bot,
    slack,
    client,
    dataDir,
    async post(path, body, postOptions = {}) {
      const text = postOptions.raw === true ? String(body) : JSON.stringify(body);
      const payload = postOptions.gzip === true ? gzipSync(text) : text;
      const response = await fetch(`${bot.internalUrl}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${INGEST_TOKEN}`,
          ...(postOptions.gzip === true ? { 'content-encoding': 'gzip' } : {}),
          ...postOptions.headers,
        },
        body: payload,
      });
      const responseText = await response.text();
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(responseText) as Record<string, unknown>;
      } catch {
        json = { text: responseText };
      }
      return { status: response.status, json, headers: response.headers };
    },
    async stop(stopOptions = {}) {
      await bot.stop();
      if (stopOptions.keepSlack !== true && options.slack === undefined) await slack.stop();
      if (stopOptions.cleanup !== false && options.dataDir === undefined)
        rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
