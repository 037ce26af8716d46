/**
 * `/falco explain` answering a 20 KB pasted alert within Slack's 3-second window (issue 7): the real bot over HTTP,
 * a signed slash command from the fake Slack, timed until the ephemeral answer reaches the response_url. Baseline,
 * same run: `/falco help` through the same path (the cost of the round trip itself).
 *
 * Run: npx tsx bench/falco-explain.bench.ts
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startRulesRepo } from '../test/e2e/helpers/rules-repo.js';
import { ALERTS_CHANNEL, startTestBot } from '../test/e2e/helpers/test-bot.js';

const USER = 'U0ALICE001';
const ROUNDS = 9;
const shared = resolve(process.cwd(), '../shared/fixtures');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function bigAlert(): string {
  const alert = JSON.parse(
    readFileSync(
      join(shared, 'alerts/json/029_thirdparty_read_sensitive_file_untrusted_container_0.44.1.json'),
      'utf8',
    ),
  ) as { output_fields: Record<string, unknown>; output: string };
  const padding = ' --flag=value'.repeat(700);
  alert.output_fields['proc.cmdline'] = `cat /etc/shadow${padding}`;
  alert.output = `${alert.output}${padding}`;
  return `\`\`\`\n${JSON.stringify(alert, null, 2)}\n\`\`\``;
}

async function main(): Promise<void> {
  const repo = await startRulesRepo();
  const t = await startTestBot({ env: repo.env, bot: { github: { throttle: false, retries: 0 } } });
  try {
    const pasted = bigAlert();
    const timeCommand = async (text: string): Promise<number> => {
      const before = t.slack.responses().length;
      const start = performance.now();
      const delivery = await t.client.command(text, { user: USER, channel: ALERTS_CHANNEL });
      if (delivery.status !== 200) throw new Error(`slash command answered ${delivery.status}`);
      await t.slack.waitFor(() => t.slack.responses().length > before, { timeoutMs: 10_000 });
      return performance.now() - start;
    };
    await timeCommand('help');
    await timeCommand(`explain ${pasted}`);
    const help: number[] = [];
    const explain: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      help.push(await timeCommand('help'));
      explain.push(await timeCommand(`explain ${pasted}`));
    }
    const last = t.slack.responses().at(-1);
    const answered = JSON.stringify(last?.body ?? '').includes('Why it fired');
    process.stdout.write(
      `\n/falco explain with a ${(pasted.length / 1024).toFixed(1)} KB pasted alert, median of ${ROUNDS}\n`,
    );
    process.stdout.write(
      `  baseline: /falco help round trip   ${median(help).toFixed(1)} ms (max ${Math.max(...help).toFixed(1)})\n`,
    );
    process.stdout.write(
      `  /falco explain round trip         ${median(explain).toFixed(1)} ms (max ${Math.max(...explain).toFixed(1)}; Slack's window: 3000 ms)\n`,
    );
    process.stdout.write(`  answer was an explanation: ${answered ? 'yes' : 'NO'}\n`);
  } finally {
    await t.stop();
    await repo.github.close();
  }
}

await main();
