/**
 * The sandbox: the real bot, unchanged, on a fresh embedded store, wired to the Slack and GitHub stand-ins that the
 * end-to-end tests use (src/stand-ins: they behave like the real APIs: signatures, limits, errors), plus a local web
 * page to drive it. Everything the page does goes through the same signed requests Slack and GitHub would send.
 *
 * The people: Alice (on call), Bob and Carol (approvers). The rules repository `acme/falco-rules` holds the
 * example Helm values file (examples/rules-repo/values.yaml, shipped with the package); the base rules are the
 * sandbox's sample rules (sample/falco_rules.yaml beside this file: the build copies it into dist/sandbox/sample).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBot, type RunningBot } from '../app/index.js';
import { loadConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { FakeGitHub, readGitHubSchemas } from '../stand-ins/github/index.js';
import { DEFAULT_SIGNING_SECRET, FakeSlack, SignedSlackClient } from '../stand-ins/slack/index.js';
import { pgliteSeed } from '../store/index.js';
import { startSandboxPage, type SandboxPage } from './sandbox-page.js';

export const SANDBOX_REPO = 'acme/falco-rules';
export const SANDBOX_CHANNEL = 'C0ALERTS01';
export const SANDBOX_PEOPLE = [
  { id: 'U0ALICE001', name: 'Alice', role: 'on call' },
  { id: 'U0BOB00001', name: 'Bob', role: 'approver' },
  { id: 'U0CAROL001', name: 'Carol', role: 'approver' },
] as const;

const GITHUB_TOKEN = 'ghp_sandbox0000000000000000000000000000';
const WEBHOOK_SECRET = 'sandbox-webhook-secret';

export interface Sandbox {
  /** The page's address (loopback). */
  readonly url: string;
  readonly bot: RunningBot;
  readonly slack: FakeSlack;
  readonly github: FakeGitHub;
  stop(): Promise<void>;
}

export interface SandboxOptions {
  readonly logger: Logger;
  /** The page's port (0: any free one). */
  readonly port?: number;
}

function here(path: string): string {
  return fileURLToPath(new URL(path, import.meta.url));
}

/** The package's root (this file is src/sandbox/sandbox.ts, or dist/sandbox/sandbox.js once built). */
function projectRoot(): string {
  return resolve(here('.'), '..', '..');
}

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const slack = await FakeSlack.start({ rateLimits: { postMessagePerChannel: false } });
  // Beside a checkout that has them, GitHub's descriptions check every request as in the tests; otherwise none.
  const schemas = readGitHubSchemas(join(projectRoot(), '..', 'shared', 'fixtures', 'github'));
  const github = await FakeGitHub.start(schemas === undefined ? {} : { schemas });
  const dataDir = mkdtempSync(join(tmpdir(), 'falco-triage-sandbox-'));
  const cleanups: (() => Promise<void>)[] = [
    () => slack.stop(),
    () => github.close(),
    () => Promise.resolve(rmSync(dataDir, { recursive: true, force: true })),
  ];
  try {
    github.addToken(GITHUB_TOKEN, { login: 'falco-triage-bot' });
    const [owner = '', name = ''] = SANDBOX_REPO.split('/');
    github.createRepo(owner, name, {
      defaultBranch: 'main',
      files: {
        'values.yaml': readFileSync(join(projectRoot(), 'examples', 'rules-repo', 'values.yaml'), 'utf8'),
      },
    });
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: DEFAULT_SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      SLACK_DEFAULT_CHANNEL: SANDBOX_CHANNEL,
      INGEST_TOKEN: randomBytes(16).toString('hex'),
      FALCO_TRIAGE_DATA_DIR: dataDir,
      FALCO_VERSION: '0.44.1',
      FALCO_RULES: here('sample/falco_rules.yaml'),
      GITHUB_API_URL: github.url,
      GITHUB_TOKEN,
      GITHUB_REPO: SANDBOX_REPO,
      RULES_FILE: 'values.yaml',
      GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET,
      APPROVERS: 'U0BOB00001,U0CAROL001',
      RECONCILE_INTERVAL_SECONDS: '5',
    });
    if (!config.ok) throw new Error(`sandbox configuration invalid: ${JSON.stringify(config.error)}`);
    const bot = await startBot(config.value, {
      logger: options.logger,
      // An initialised empty store, made once per machine (initdb takes seconds): the sandbox starts in a few.
      storeOptions: { seed: await pgliteSeed() },
      delivery: { channelIntervalMs: 50, pollMs: 100, updateDelayMs: 1000 },
      github: { throttle: false },
    });
    cleanups.unshift(() => bot.stop());
    github.deliverWebhooksTo({ url: `${bot.url}/github/webhook`, secret: WEBHOOK_SECRET });
    const client = new SignedSlackClient({
      url: `${bot.url}/slack/events`,
      signingSecret: DEFAULT_SIGNING_SECRET,
      slack,
    });
    const page: SandboxPage = await startSandboxPage({
      port: options.port ?? 0,
      slack,
      github,
      client,
      intake: { url: `${bot.internalUrl}/falco/alerts`, token: config.value.ingest.token ?? '' },
    });
    cleanups.unshift(() => page.close());
    return {
      url: page.url,
      bot,
      slack,
      github,
      async stop() {
        for (const cleanup of cleanups) await cleanup().catch(() => undefined);
      },
    };
  } catch (error) {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
    throw error;
  }
}
