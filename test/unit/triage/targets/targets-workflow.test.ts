/**
 * The workflow with several targets (TARGETS_FILE), over a real store and in-memory rules repositories: intake
 * records each alert's target and keeps the targets' groups apart, drafts and proposals go to the alert's target
 * (and say why not when there is none), the impact preview counts that target's alerts only, pull request jobs run
 * on the proposal's target's repository, and a mute can hold one target's alerts back.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { wireIntake } from '../../../../src/app/compose-intake.js';
import { createMetrics } from '../../../../src/metrics.js';
import { silentLogger } from '../../../../src/logger.js';
import type { Store } from '../../../../src/store/store.js';
import { createMutes } from '../../../../src/triage/commands/index.js';
import { createJobRunner, JOB_GROUP_POST, JOB_PR_OPEN } from '../../../../src/triage/jobs/index.js';
import {
  createApproverPolicy,
  openDraft,
  proposalJobs,
  type Proposals,
} from '../../../../src/triage/proposals/index.js';
import { byProposalTarget, pullRequestJob } from '../../../../src/triage/rollout/index.js';
import { createRulesContext } from '../../../../src/triage/deployed-rules/index.js';
import type { Targets } from '../../../../src/triage/targets/index.js';
import { InMemoryChat } from '../../../doubles/in-memory-chat.js';
import { InMemoryRepo } from '../../../doubles/in-memory-repo.js';
import { readFixture } from '../../../helpers/fixtures.js';
import { storeTestEnv } from '../../../helpers/store.js';
import { fileTargets } from '../../../helpers/targets.js';
import { IMPACT_WINDOW_DAYS, proposalsFor, submitDefault } from '../proposal-fixture.js';
import {
  ALICE,
  BOB,
  deliverAlerts,
  drain,
  fingerprint,
  intakeItem,
  jobs,
  RULES_FILE,
  RULES_SEED,
  routeByHost,
  testClock,
  type TestClock,
} from '../workflow-fixture.js';

describe('the workflow with several targets', () => {
  const env = storeTestEnv('pglite');
  let store: Store;
  let clock: TestClock;
  let staging: InMemoryRepo;
  let production: InMemoryRepo;
  let targets: Targets;
  let proposals: Proposals;
  let accept: (...items: ReturnType<typeof intakeItem>[]) => Promise<readonly string[]>;
  let close: () => Promise<void>;

  beforeEach(async () => {
    store = await env.fresh();
    // The fixture alert's own time: the impact preview counts the alerts of the last days.
    clock = testClock(Date.parse('2026-08-13T02:00:00Z'));
    const now = () => clock.now().getTime();
    staging = new InMemoryRepo({
      repository: 'acme/rules-staging',
      files: { [RULES_FILE]: RULES_SEED },
      now,
    });
    production = new InMemoryRepo({ repository: 'acme/rules', files: { [RULES_FILE]: RULES_SEED }, now });
    const rules = (name: string, repo: InMemoryRepo | undefined) =>
      createRulesContext({
        base: [{ name: 'falco_rules.yaml', content: readFixture('rules', 'falco_rules.yaml') }],
        falcoVersion: { major: 0, minor: 44, patch: 1 },
        fields: undefined,
        repo,
        rulesFile: repo === undefined ? undefined : RULES_FILE,
        clock,
        alertsOf: name,
      });
    targets = fileTargets([
      {
        spec: {
          name: 'staging',
          repository: { owner: 'acme', name: 'rules-staging' },
          match: { outputFields: [[{ field: 'cluster', operator: '=', value: 'staging' }]] },
        },
        rules: rules('staging', staging),
        repo: staging,
      },
      {
        spec: {
          name: 'production',
          match: { hostnames: ['prod-*'] },
          repository: { owner: 'acme', name: 'rules' },
        },
        rules: rules('production', production),
        repo: production,
      },
      {
        spec: { name: 'lab', match: { hostnames: ['lab-*'] }, repository: undefined, rulesFile: undefined },
        rules: rules('lab', undefined),
        repo: undefined,
      },
    ]);
    const wired = wireIntake({
      store,
      clock,
      metrics: createMetrics(),
      route: routeByHost,
      fingerprint,
      target: (alert, channels) => targets.match(alert, channels)?.name,
      fingerprintByTarget: true,
      windowMs: 600_000,
      updateDelayMs: 3000,
      logger: silentLogger,
    });
    accept = async (...items) => {
      const { ids } = await wired.intake.accept(items, 'falco');
      await wired.grouping.drain();
      return ids;
    };
    close = async () => {
      await wired.writer.close();
      await wired.grouping.stop();
    };
    proposals = proposalsFor({ store, rules: rules('unused', undefined), clock, targets }, { required: 1 });
  });
  afterEach(() => close());

  const onStaging = (proc: string) =>
    intakeItem({ hostname: 'stg-1', fields: { 'proc.name': proc, cluster: 'staging' } });
  const onProduction = (proc: string) => intakeItem({ hostname: 'prod-1', fields: { 'proc.name': proc } });
  const elsewhere = (host: string, proc: string) =>
    intakeItem({ hostname: host, fields: { 'proc.name': proc } });

  async function groupIdOf(alertId: string): Promise<string> {
    const { rows } = await store.db.query<{ id: string }>(
      'SELECT id FROM alert_groups WHERE first_alert_id = $1',
      [alertId],
    );
    const id = rows[0]?.id;
    if (id === undefined) throw new Error(`no group starts with ${alertId}`);
    return id;
  }

  it('records each alert’s target, and keeps the same finding on two targets in two groups', async () => {
    const [stagingId = '', productionId = '', noneId = ''] = await accept(
      onStaging('restic'),
      onProduction('restic'),
      elsewhere('dev-1', 'restic'),
    );

    const alerts = await Promise.all([stagingId, productionId, noneId].map((id) => store.alerts.get(id)));
    expect(alerts.map((alert) => alert?.falcoTarget)).toEqual(['staging', 'production', null]);
    const groups = await Promise.all(
      [stagingId, productionId, noneId].map(async (id) => store.groups.get(await groupIdOf(id))),
    );
    expect(groups.map((group) => group?.falcoTarget)).toEqual(['staging', 'production', null]);
    expect(new Set(groups.map((group) => group?.fingerprint)).size).toBe(3);
    // An alert of no target keeps the plain fingerprint.
    expect(groups[2]?.fingerprint).toBe(fingerprint(elsewhere('dev-1', 'restic').alert).id);
  });

  it('drafts for the alert’s target, and says why an alert without one, or without a repository, cannot be proposed', async () => {
    const [stagingId = '', noneId = '', labId = ''] = await accept(
      onStaging('restic'),
      elsewhere('dev-1', 'restic'),
      elsewhere('lab-1', 'restic'),
    );
    const deps = { store, targets, clock, impactWindowDays: IMPACT_WINDOW_DAYS };

    const draft = await openDraft(deps, { groupId: await groupIdOf(stagingId) });
    expect(draft.ok && draft.value.draft.target).toMatchObject({
      name: 'staging',
      repository: 'acme/rules-staging',
      implicit: false,
    });
    expect(await openDraft(deps, { alertId: noneId })).toEqual({
      ok: false,
      error: { code: 'no_target', hostname: 'dev-1', source: 'syscall' },
    });
    expect(await openDraft(deps, { alertId: labId })).toEqual({
      ok: false,
      error: { code: 'target_without_repository', target: 'lab' },
    });
    expect(await openDraft(deps, { alertId: stagingId }, 'retired')).toEqual({
      ok: false,
      error: { code: 'target_unknown', target: 'retired' },
    });
  });

  it('proposes the same exception once per target, counting only that target’s alerts', async () => {
    const [stagingId = '', productionId = ''] = await accept(onStaging('restic'), onProduction('restic'));
    const setup = { store, rules: targets.all[0]?.rules as never, clock, targets, proposals };
    const why = 'restic reads /etc/shadow for the backups';

    const first = await submitDefault(setup, await groupIdOf(stagingId), ALICE, why);
    const second = await submitDefault(setup, await groupIdOf(productionId), ALICE, why);

    expect(first).toMatchObject({
      ok: true,
      value: { kind: 'created', proposal: { falcoTarget: 'staging' } },
    });
    expect(second).toMatchObject({
      ok: true,
      value: { kind: 'created', proposal: { falcoTarget: 'production' } },
    });
    expect(first.ok && first.value.proposal.impact?.excepted).toBe(1);
  });

  it('opens each pull request on its own target’s repository', async () => {
    const [stagingId = '', productionId = ''] = await accept(onStaging('restic'), onProduction('restic'));
    const setup = { store, rules: targets.all[0]?.rules as never, clock, targets, proposals };
    const made = [];
    for (const id of [stagingId, productionId]) {
      const submitted = await submitDefault(
        setup,
        await groupIdOf(id),
        ALICE,
        'restic reads it for the backups',
      );
      if (!submitted.ok) throw new Error(JSON.stringify(submitted.error));
      made.push(submitted.value.proposal);
      expect(await proposals.approve(submitted.value.proposal.id, BOB)).toMatchObject({ ok: true });
    }
    const perTarget = new Map(
      targets.all.flatMap((target) =>
        target.repo === undefined
          ? []
          : [
              [
                target.name,
                pullRequestJob({
                  store,
                  targets,
                  rules: target.rules,
                  clock,
                  impactWindowDays: IMPACT_WINDOW_DAYS,
                  repo: target.repo,
                  chat: { permalink: () => Promise.resolve(undefined) },
                  rulesFile: RULES_FILE,
                  rulesEntry: undefined,
                  labels: [],
                  reviewers: [],
                }),
              ] as const,
            ],
      ),
    );
    const chat = new InMemoryChat();
    const runner = createJobRunner({
      store,
      // As compose-exceptions.ts: the proposal's messages share its queue with its pull request.
      handlers: {
        ...proposalJobs({
          store,
          chat,
          clock,
          requiredApprovals: 1,
          approvers: { users: [BOB], group: undefined },
          targets,
        }),
        [JOB_PR_OPEN]: byProposalTarget(store, perTarget, silentLogger),
      },
      clock,
      logger: silentLogger,
      workerId: 'runner-1',
      random: () => 0.5,
    });

    // Slack's pace: one new message per channel and second, so the second alert message (and proposal) comes later.
    for (let round = 0; round < 3; round += 1) {
      await deliverAlerts(store, chat, clock);
      await drain(runner);
      clock.advance(2500);
    }

    expect(staging.pulls()).toHaveLength(1);
    expect(production.pulls()).toHaveLength(1);
    expect(staging.pulls()[0]?.body).toContain('Target: `staging`');
    expect(await Promise.all(made.map(async (p) => (await store.proposals.get(p.id))?.status))).toEqual([
      'pr_open',
      'pr_open',
    ]);
  });

  it('mutes a rule on one target only', async () => {
    const mutes = createMutes({
      store,
      clock,
      newId: () => crypto.randomUUID(),
      allowed: 'anyone',
      approvers: createApproverPolicy({
        approvers: [],
        group: undefined,
        directory: { groupMembers: () => Promise.resolve({ ok: true, value: [] }) },
        clock,
      }),
      targets: targets.all.map((target) => target.name),
    });
    const rule = { kind: 'rule' as const, value: 'Read sensitive file untrusted' };
    expect(await mutes.mute({ ...rule, falcoTarget: 'nowhere' }, 3_600_000, null, ALICE)).toMatchObject({
      ok: false,
      error: { code: 'unknown_target', known: ['staging', 'production', 'lab'] },
    });
    expect(await mutes.mute({ ...rule, falcoTarget: 'STAGING' }, 3_600_000, null, ALICE)).toMatchObject({
      ok: true,
      value: { mute: { falcoTarget: 'staging' } },
    });

    const [stagingId = '', productionId = ''] = await accept(onStaging('restic'), onProduction('restic'));

    const posted = (await jobs(store, 'pending', JOB_GROUP_POST)).map((job) => job.payload['groupId']);
    expect(posted).toEqual([await groupIdOf(productionId)]);
    expect(posted).not.toContain(await groupIdOf(stagingId));
  });
});
