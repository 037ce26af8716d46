/**
 * One bot, two Falco deployments (TARGETS_FILE): staging runs Falco 0.36 with a plain rules file in its own
 * repository (exceptions written with `append: true`), production runs Falco 0.44 with a Helm values file in
 * another (written with `override:`). Alerts from both clusters, told apart by a Falcosidekick custom field and by
 * hostname, become pull requests on the right repository and file, each verified at its Falco version, and each
 * deploy is reported in its own alert's thread (the repositories number their pull requests and runs alike). An
 * alert of neither cluster is explained but cannot be proposed, and says why.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startBot, StartupError } from '../../src/app/compose.js';
import { loadConfig } from '../../src/config.js';
import { loadRules } from '../../src/falco/rules/index.js';
import { silentLogger } from '../../src/logger.js';
import { parseFalcoVersion } from '../../src/falco/version.js';
import type { FakeGitHub } from '../../src/stand-ins/github/index.js';
import { type PullSnapshot } from '../../src/stand-ins/github/index.js';
import { alertFixture, fixturePath, readFixture } from '../helpers/fixtures.js';
import { ALICE, BOB } from './helpers/propose.js';
import { GITHUB_TOKEN } from './helpers/rules-repo.js';
import { ALERTS_CHANNEL, INGEST_TOKEN, startTestBot, type TestBot } from './helpers/test-bot.js';
import { startFakeGitHub } from '../helpers/fake-github.js';

const STAGING_REPO = 'acme/falco-rules-staging';
const STAGING_FILE = 'rules/falco_rules.local.yaml';
const PRODUCTION_REPO = 'acme/falco-rules';
const PRODUCTION_FILE = 'helm/values.yaml';
const SECRET = 'e2e-targets-webhook-secret';

/** Staging's local rules, in the syntax Falco 0.36 reads. */
const STAGING_SEED = `# Staging tuning (Falco 0.36)
- list: known_sensitive_readers
  items: [backup-agent-v1]
`;

/** Falco's rules as a 0.36 engine accepts them: the same file, with 0.36's integer engine version. */
const BASE_036 = readFixture('rules', 'falco_rules.yaml').replace(
  /^- required_engine_version: .*$/m,
  '- required_engine_version: 26',
);

let dir: string;
let github: FakeGitHub;
let t: TestBot;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'falco-triage-targets-'));
  writeFileSync(join(dir, 'falco_rules-0.36.yaml'), BASE_036);
  writeFileSync(
    join(dir, 'targets.yaml'),
    `targets:
  - name: staging
    match:
      output_fields: ["cluster=staging"]
    repository: ${STAGING_REPO}
    rules_file: ${STAGING_FILE}
    falco_version: 0.36.2
    falco_rules: [${join(dir, 'falco_rules-0.36.yaml')}]
    deploy_workflow: Deploy staging rules
  - name: production
    match:
      hostnames: ["prod-*"]
    repository: ${PRODUCTION_REPO}
    rules_file: ${PRODUCTION_FILE}
    falco_version: 0.44.1
    falco_rules: [${fixturePath('rules', 'falco_rules.yaml')}]
`,
  );
  github = await startFakeGitHub();
  github.addToken(GITHUB_TOKEN, { login: 'falco-triage-bot' });
  github.createRepo('acme', 'falco-rules-staging', { files: { [STAGING_FILE]: STAGING_SEED } });
  github.createRepo('acme', 'falco-rules', {
    files: { [PRODUCTION_FILE]: readFixture('rules-repo', 'values-modern.yaml') },
  });
  t = await startTestBot({
    env: {
      TARGETS_FILE: join(dir, 'targets.yaml'),
      GITHUB_API_URL: github.url,
      GITHUB_TOKEN,
      GITHUB_WEBHOOK_SECRET: SECRET,
      APPROVERS: BOB,
    },
    slackOptions: { rateLimits: { postMessagePerChannel: false } },
    bot: { delivery: { channelIntervalMs: 10, pollMs: 20 }, github: { throttle: false, retries: 0 } },
  });
  github.deliverWebhooksTo({ url: `${t.bot.url}/github/webhook`, secret: SECRET });
}, 60_000);

afterAll(async () => {
  await t.stop();
  await github.close();
  rmSync(dir, { recursive: true, force: true });
});

const text = (value: unknown) => JSON.stringify(value);
const threadText = (ts: string) => text(t.slack.thread(ALERTS_CHANNEL, ts).map((reply) => reply.content));
const messageText = (ts: string) => text(t.slack.message(ALERTS_CHANNEL, ts)?.content.blocks);

/** Fixture 029 (cat reading /etc/shadow) as `proc` on `hostname`, with extra output fields. */
async function sendAlert(hostname: string, proc: string, fields: Record<string, unknown> = {}) {
  const base = alertFixture('029') as { output_fields: Record<string, unknown> };
  const alert = {
    ...base,
    hostname,
    time: new Date().toISOString(),
    output_fields: { ...base.output_fields, 'proc.name': proc, ...fields },
  };
  expect((await t.post('/falco/alerts', [alert])).status).toBe(202);
}

/** The alert message of `proc` that names `marker` (a target, or that it has none). */
function alertMessage(proc: string, marker: string) {
  return t.slack.waitFor(() =>
    t.slack
      .messages(ALERTS_CHANNEL)
      .find(
        (m) =>
          m.threadTs === undefined &&
          text(m.content.blocks).includes(`proc.name*\\n\`${proc}\``) &&
          text(m.content.blocks).includes(marker),
      ),
  );
}

/** Mark false positive → the modal (checked to name `goesTo`) → submit → Bob approves → the new pull request. */
async function proposeAndApprove(ts: string, repo: string, goesTo: string): Promise<PullSnapshot> {
  await t.client.click({ channel: ALERTS_CHANNEL, ts, actionId: 'alert_fp', user: ALICE });
  const view = await t.slack.waitFor(() =>
    t.slack
      .openViews(ALICE)
      .find((v) => text(v.definition).includes('fp_justification') && text(v.definition).includes(goesTo)),
  );
  const submitted = await t.client.submitView({
    viewId: view.id,
    user: ALICE,
    values: {
      fp_fields: ['proc.name', 'fd.name'],
      fp_justification: 'restic reads /etc/shadow to back it up, by design',
    },
  });
  expect(submitted.outcome).toMatchObject({ kind: 'closed' });
  const proposal = await t.slack.waitFor(() =>
    t.slack.thread(ALERTS_CHANNEL, ts).find((r) => text(r.content.blocks).includes('proposal_approve')),
  );
  expect(text(proposal.content.blocks)).toContain(goesTo);
  await t.client.click({ channel: ALERTS_CHANNEL, ts: proposal.ts, actionId: 'proposal_approve', user: BOB });
  const pull = await github.waitFor(() => github.pulls(repo)[0], { timeoutMs: 30_000 });
  await t.slack.waitFor(() => messageText(ts).includes('is open for review'), { timeoutMs: 10_000 });
  return pull;
}

function loadsAt(version: string, base: string, name: string, custom: string) {
  const parsed = parseFalcoVersion(version);
  if (!parsed.ok) throw new Error(version);
  return loadRules(
    [
      { name: 'falco_rules.yaml', content: base },
      { name, content: custom },
    ],
    { falcoVersion: parsed.value },
  );
}

describe('two targets: staging on Falco 0.36, production on Falco 0.44', () => {
  let staging: { ts: string; pull: PullSnapshot };
  let production: { ts: string; pull: PullSnapshot };

  it('keeps the same finding on the two clusters apart, each message naming its target', async () => {
    // The same process reading the same file on both clusters: two groups, two messages.
    await sendAlert('stg-node-1', 'restic', { cluster: 'staging' });
    await sendAlert('prod-node-1', 'restic');
    const onStaging = await alertMessage('restic', 'target *staging* (Falco 0.36.2)');
    const onProduction = await alertMessage('restic', 'target *production* (Falco 0.44.1)');
    expect(onStaging.ts).not.toBe(onProduction.ts);
    const groups = await t.bot.store.db.query<{ falco_target: string }>(
      'SELECT falco_target FROM alert_groups ORDER BY falco_target',
    );
    expect(groups.rows.map((row) => row.falco_target)).toEqual(['production', 'staging']);
    staging = { ts: onStaging.ts, pull: undefined as never };
    production = { ts: onProduction.ts, pull: undefined as never };
  }, 30_000);

  it('opens the staging exception on the staging repository, in its plain rules file, with append: true', async () => {
    staging.pull = await proposeAndApprove(
      staging.ts,
      STAGING_REPO,
      '*staging*: `rules/falco_rules.local.yaml`',
    );

    expect(github.pulls(PRODUCTION_REPO)).toEqual([]);
    expect(staging.pull.body).toContain('Target: `staging`');
    const edited = github.file(STAGING_REPO, staging.pull.head.ref, STAGING_FILE) ?? '';
    expect(edited.startsWith(STAGING_SEED.trimEnd())).toBe(true);
    expect(edited).toContain('append: true');
    expect(edited).not.toContain('override:');
    expect(edited).toContain('restic');
    const loaded = loadsAt('0.36.2', BASE_036, STAGING_FILE, edited);
    expect(loaded.errors).toEqual([]);
  }, 90_000);

  it('opens the production exception on the production repository, in its values file, with override:', async () => {
    production.pull = await proposeAndApprove(
      production.ts,
      PRODUCTION_REPO,
      '*production*: `helm/values.yaml`',
    );

    expect(github.pulls(STAGING_REPO)).toHaveLength(1);
    // Both repositories numbered their first pull request #1.
    expect(production.pull.number).toBe(staging.pull.number);
    expect(production.pull.body).toContain('Target: `production`');
    const edited = github.file(PRODUCTION_REPO, production.pull.head.ref, PRODUCTION_FILE) ?? '';
    expect(edited).toContain('override:');
    expect(edited).not.toContain('append: true');
    expect(edited).toContain('restic');
    expect(edited).toContain('titanagent'); // the file's earlier exceptions stay
  }, 90_000);

  it('reports each deploy in its own thread', async () => {
    const stagingMerge = github.mergePull(STAGING_REPO, staging.pull.number, { mergedBy: 'alice' });
    await t.slack.waitFor(() => threadText(staging.ts).includes('was merged by @alice'), {
      timeoutMs: 15_000,
    });
    const productionMerge = github.mergePull(PRODUCTION_REPO, production.pull.number, { mergedBy: 'carol' });
    await t.slack.waitFor(() => threadText(production.ts).includes('was merged by @carol'), {
      timeoutMs: 15_000,
    });

    // A run of production's workflow name in the staging repository deploys nothing: staging has its own.
    const stray = github.createWorkflowRun(STAGING_REPO, {
      name: 'Falco rules',
      headSha: stagingMerge,
      status: 'completed',
      conclusion: 'success',
    });
    const stagingRun = github.createWorkflowRun(STAGING_REPO, {
      name: 'Deploy staging rules',
      headSha: stagingMerge,
      status: 'completed',
      conclusion: 'success',
    });
    const productionRun = github.createWorkflowRun(PRODUCTION_REPO, {
      name: 'Falco rules',
      headSha: productionMerge,
      status: 'completed',
      conclusion: 'failure',
    });
    await t.slack.waitFor(
      () => threadText(staging.ts).includes(`Exception deployed by run <${stagingRun.htmlUrl}|`),
      { timeoutMs: 15_000 },
    );
    await t.slack.waitFor(
      () => threadText(production.ts).includes(`The deploy run <${productionRun.htmlUrl}|`),
      { timeoutMs: 15_000 },
    );
    expect(threadText(staging.ts)).not.toContain(productionRun.htmlUrl);
    expect(threadText(staging.ts)).not.toContain(stray.htmlUrl);
    expect(threadText(production.ts)).not.toContain(stagingRun.htmlUrl);
    await t.slack.waitFor(() => messageText(production.ts).includes('but the deploy failed'));
    // Both repositories' webhooks were taken (one secret, one route), none refused.
    await github.waitFor(() =>
      github.deliveries().every((d) => d.status !== undefined || d.error !== undefined),
    );
    expect(github.deliveries().map((d) => d.status)).toEqual(github.deliveries().map(() => 200));
    expect(await t.bot.store.proposals.findByPullRequest(staging.pull.number, 'staging')).toMatchObject({
      status: 'deployed',
      deployRunId: stagingRun.id,
    });
  }, 90_000);

  it('explains with the rules of the alert’s own target', async () => {
    await t.client.click({
      channel: ALERTS_CHANNEL,
      ts: production.ts,
      actionId: 'alert_explain',
      user: ALICE,
    });
    await t.slack.waitFor(
      () =>
        threadText(production.ts).includes('Explained with the rules of target *production* (Falco 0.44.1)'),
      { timeoutMs: 15_000 },
    );
  }, 30_000);

  it('says per target what is rolling out in /falco status', async () => {
    const before = t.slack.ephemerals({ user: ALICE }).length;
    await t.client.command('status staging', { user: ALICE, channel: ALERTS_CHANNEL });
    const answer = await t.slack.waitFor(() => t.slack.ephemerals({ user: ALICE })[before]);
    const shown = text(answer.blocks);
    expect(shown).toContain('*staging*: `rules/falco_rules.local.yaml` in acme/falco-rules-staging (main)');
    expect(shown).toContain(`PR #${staging.pull.number}`);
    expect(shown).not.toContain('production');
  }, 30_000);

  it('explains an alert of neither cluster, and says why no exception can be proposed for it', async () => {
    await sendAlert('dev-laptop-7', 'restic');
    const message = await alertMessage('restic', 'no target: explain only');

    await t.client.click({ channel: ALERTS_CHANNEL, ts: message.ts, actionId: 'alert_explain', user: ALICE });
    await t.slack.waitFor(
      () =>
        threadText(message.ts).includes(
          'This alert matches no target: explained with the rules of target *staging* (Falco 0.36.2)',
        ),
      { timeoutMs: 15_000 },
    );
    expect(threadText(message.ts)).toContain('Read sensitive file untrusted');

    await t.client.click({ channel: ALERTS_CHANNEL, ts: message.ts, actionId: 'alert_fp', user: ALICE });
    await t.slack.waitFor(() =>
      t.slack
        .openViews(ALICE)
        .find((v) =>
          text(v.definition).includes('matches none of the targets in TARGETS_FILE (host dev-laptop-7'),
        ),
    );
  }, 30_000);
});

describe('a targets file with mistakes', () => {
  async function startWith(targets: string, extra: Record<string, string> = {}): Promise<string> {
    const path = join(dir, 'broken-targets.yaml');
    writeFileSync(path, targets);
    const config = loadConfig({
      PORT: '0',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_DEFAULT_CHANNEL: ALERTS_CHANNEL,
      INGEST_TOKEN,
      FALCO_TRIAGE_DATA_DIR: join(dir, 'never-opened'),
      TARGETS_FILE: path,
      ...extra,
    });
    if (!config.ok) throw new Error(`test configuration invalid: ${JSON.stringify(config.error)}`);
    const started = startBot(config.value, { logger: silentLogger });
    await expect(started).rejects.toThrow(StartupError);
    return started.then(
      () => '',
      (error: unknown) => `${(error as Error).message} (${(error as StartupError).docs})`,
    );
  }

  it('stops the start with every problem and its line and column', async () => {
    const message = await startWith(
      [
        'targets:',
        '  - name: staging',
        '    repository: acme/rules',
        '    falco_version: 0.36.2',
        '    falco_rules: [a.yaml]',
        '  - name: production',
        '    falco_version: "latest"',
        '    falco_rules: [b.yaml]',
        '',
      ].join('\n'),
    );

    expect(message).toContain(
      'broken-targets.yaml:3:17: targets.0.repository: a target with a repository needs rules_file',
    );
    expect(message).toContain(
      'broken-targets.yaml:7:20: targets.1.falco_version: invalid Falco version "latest"',
    );
    expect(message).toContain('docs/configuration.md#targets');
  });

  it('names the target whose base rules cannot be read, and asks for credentials a repository needs', async () => {
    const rules = `targets:\n  - name: lab\n    falco_version: 0.44.1\n    falco_rules: [${join(dir, 'missing.yaml')}]\n`;
    expect(await startWith(rules)).toContain(
      `target lab: falco_rules: cannot read ${join(dir, 'missing.yaml')}`,
    );
    const withRepository = rules.replace(
      '    falco_version',
      '    repository: acme/lab\n    rules_file: x.yaml\n    falco_version',
    );
    expect(await startWith(withRepository)).toContain('the repository acme/lab needs GitHub credentials');
  });
});
