/**
 * Pull requests that stay mergeable (issue 18): after a merge into the base branch, the refresh pass re-applies
 * every open exception pull request on the new base (engine re-draft, edit, verification, one commit, a forced
 * branch move, the body's evidence). This measures that pass for 20 open pull requests: wall time and the GitHub
 * requests it makes. Baseline, same run: the GitHub requests (and time) of opening those 20 pull requests in the
 * first place, through the same pull request job.
 *
 * Everything is real but GitHub's HTTP edge: the embedded store, the workflow's jobs, the GitHub adapter (octokit)
 * talking to the fake GitHub, which merges like git (the 20 conflict with the merged one until re-applied).
 *
 * Run: npx tsx bench/reapply.bench.ts [--prs 20]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGitHubRepo } from '../src/github/index.js';
import { silentLogger } from '../src/logger.js';
import { openStore } from '../src/store/store.js';
import { createJobRunner, JOB_PR_OPEN } from '../src/triage/jobs/index.js';
import { proposalJobs } from '../src/triage/proposals/index.js';
import { createPrRefresh, pullRequestJob } from '../src/triage/rollout/index.js';
import { InMemoryChat } from '../test/doubles/in-memory-chat.js';
import { pgliteSeed } from '../src/store/index.js';
import { IMPACT_WINDOW_DAYS, proposalsFor, submitDefault } from '../test/unit/triage/proposal-fixture.js';
import {
  ALICE,
  BOB,
  createTestIntake,
  createTestRules,
  deliverAlerts,
  drain,
  groupOf,
  intakeItem,
  RULES_FILE,
  RULES_SEED,
  testClock,
} from '../test/unit/triage/workflow-fixture.js';
import { oneTarget } from '../test/helpers/targets.js';
import { startFakeGitHub } from '../test/helpers/fake-github.js';

const arg = process.argv.indexOf('--prs');
const PRS = arg > 0 ? Number(process.argv[arg + 1]) : 20;
const TOKEN = 'ghp_bench_reapply';

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'falco-triage-reapply-'));
  const fake = await startFakeGitHub();
  fake.addToken(TOKEN, { login: 'falco-triage-bot' });
  fake.createRepo('acme', 'falco-rules', { files: { [RULES_FILE]: RULES_SEED } });
  const store = await openStore({ kind: 'embedded', dataDir: dir }, { seed: await pgliteSeed() });
  const clock = testClock(Date.now());
  const intake = createTestIntake(store, clock);
  try {
    const repo = createGitHubRepo(
      {
        apiUrl: fake.url,
        owner: 'acme',
        repo: 'falco-rules',
        baseBranch: 'main',
        auth: { kind: 'token', token: TOKEN },
      },
      { throttle: false, retries: 0 },
    );
    const rules = createTestRules(repo, clock);
    const proposals = proposalsFor({ store, rules, clock });
    const chat = new InMemoryChat();
    const common = {
      store,
      rules,
      clock,
      impactWindowDays: IMPACT_WINDOW_DAYS,
      repo,
      chat,
      rulesFile: RULES_FILE,
      targets: oneTarget(rules, repo),
    };
    const refresh = createPrRefresh({ ...common, logger: silentLogger, rulesEntry: undefined });
    const runner = createJobRunner({
      store,
      handlers: {
        ...proposalJobs({
          store,
          chat,
          clock,
          requiredApprovals: 1,
          approvers: { users: [BOB], group: undefined },
        }),
        [JOB_PR_OPEN]: pullRequestJob({
          ...common,
          rulesEntry: undefined,
          labels: ['falco-exception'],
          reviewers: [],
        }),
      },
      clock,
      logger: silentLogger,
      workerId: 'bench',
      random: () => 0.5,
    });

    // PRS + 1 approved proposals: the last one's pull request is the merge that moves the base under the others.
    const ids: string[] = [];
    for (let index = 0; index <= PRS; index += 1) {
      const item = intakeItem({ fields: { 'proc.name': `agent-${index}` } });
      await intake.accept(item);
      await deliverAlerts(store, chat, clock);
      const submitted = await submitDefault(
        { store, rules, clock, proposals },
        (await groupOf(store, item)).id,
        ALICE,
        `agent-${index} reads /etc/shadow by design`,
      );
      if (!submitted.ok) throw new Error(JSON.stringify(submitted.error));
      ids.push(submitted.value.proposal.id);
    }
    const requestsBefore = fake.requests().length;
    let openMs = 0;
    let openRequests = 0;
    for (const [index, id] of ids.entries()) {
      const approved = await proposals.approve(id, BOB);
      if (!approved.ok) throw new Error(approved.error.code);
      const start = performance.now();
      await drain(runner);
      if (index < PRS) openMs += performance.now() - start;
      if (index === PRS - 1) openRequests = fake.requests().length - requestsBefore;
    }
    const pulls = fake.pulls('acme/falco-rules');
    const last = pulls.at(-1);
    if (pulls.length !== PRS + 1 || last === undefined) throw new Error(`expected ${PRS + 1} pull requests`);
    fake.mergePull('acme/falco-rules', last.number, { mergedBy: 'alice' });
    const conflicting = pulls
      .slice(0, PRS)
      .filter((pull) => !fake.mergeable('acme/falco-rules', pull.number)?.clean);

    const reapplyBefore = fake.requests().length;
    const start = performance.now();
    const report = await refresh.runPass();
    const reapplyMs = performance.now() - start;
    const reapplyRequests = fake.requests().length - reapplyBefore;
    const clean = pulls.slice(0, PRS).filter((pull) => {
      const state = fake.mergeable('acme/falco-rules', pull.number);
      return state?.clean === true && !state.behind;
    });
    if (report.updated !== PRS || clean.length !== PRS)
      throw new Error(
        `re-applied ${report.updated}, ${clean.length} of ${PRS} mergeable: ${JSON.stringify(report)}`,
      );

    const perPr = (n: number) => (n / PRS).toFixed(1);
    process.stdout.write(
      `\nre-apply of ${PRS} open exception pull requests after a merge (${conflicting.length} conflicting before)\n`,
    );
    process.stdout.write(
      `  re-apply pass:                 ${reapplyMs.toFixed(0)} ms, ${reapplyRequests} GitHub requests (${perPr(reapplyRequests)} per PR)\n`,
    );
    process.stdout.write(
      `  baseline, opening them:        ${openMs.toFixed(0)} ms, ${openRequests} GitHub requests (${perPr(openRequests)} per PR)\n`,
    );
    process.stdout.write(
      `  all ${clean.length} merge cleanly on the new base, each one commit on top of it\n`,
    );
  } finally {
    await intake.close();
    await store.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
