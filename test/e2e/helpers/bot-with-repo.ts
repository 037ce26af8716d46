import { startRulesRepo, type RulesRepoSetup } from './rules-repo.js';
import { startTestBot, type TestBot } from './test-bot.js';

export interface BotWithRepo {
  readonly repo: RulesRepoSetup;
  readonly t: TestBot;
  stop(): Promise<void>;
}

/**
 * The bot wired to a fake GitHub holding a rules repository, with fast delivery and no Slack channel pacing: the
 * set-up of the end-to-end tests that go from an alert to a pull request. `env` adds to the bot's environment.
 */
export async function startBotWithRepo(
  options: Parameters<typeof startRulesRepo>[0] = {},
  env: Record<string, string> = {},
): Promise<BotWithRepo> {
  const repo = await startRulesRepo(options);
  const t = await startTestBot({
    env: { ...repo.env, ...env },
    slackOptions: { rateLimits: { postMessagePerChannel: false } },
    bot: { delivery: { channelIntervalMs: 10, pollMs: 20 }, github: { throttle: false, retries: 0 } },
  });
  return {
    repo,
    t,
    async stop() {
      await t.stop();
      await repo.github.close();
    },
  };
}

/** The how-to's era: Falco 0.25 rules, the seed values file (its titanagent false positive). */
export const HOW_TO_ERA = {
  fixture: 'values-seed.yaml',
  falcoVersion: '0.25.0',
  baseRules: 'falco_rules_0.25.0.yaml',
} as const;
