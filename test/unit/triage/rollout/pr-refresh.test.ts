/**
 * Pull requests that stay mergeable, in the workflow: approved proposals open their pull requests (the real job),
 * the base branch moves under them in the in-memory rules repository (which refuses conflicting merges as GitHub
 * does), and the refresh pass re-applies each open one on the new base with the engine, or leaves it to people
 * with the reason: a person's push, a change that no longer applies, an exception the base already has. Retry by an
 * approver takes it up again.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { loadRules } from '../../../../src/falco/rules/index.js';
import { parseFalcoVersion } from '../../../../src/falco/version.js';
import { silentLogger } from '../../../../src/logger.js';
import type { Store } from '../../../../src/store/store.js';
import type { RulesContext } from '../../../../src/triage/deployed-rules/index.js';
import {
  createJobRunner,
  JOB_PR_OPEN,
  JOB_PR_REFRESH,
  type JobRunner,
} from '../../../../src/triage/jobs/index.js';
import type { Proposal, ThreadNote } from '../../../../src/triage/ports/index.js';
import { proposalJobs, type Proposals } from '../../../../src/triage/proposals/index.js';
import {
  createPrRefresh,
  createRollout,
  pullRequestJob,
  type PrRefresh,
} from '../../../../src/triage/rollout/index.js';
import { InMemoryChat } from '../../../doubles/in-memory-chat.js';
import { InMemoryRepo, repoErrors } from '../../../doubles/in-memory-repo.js';
import { readFixture } from '../../../helpers/fixtures.js';
import { storeTestEnv } from '../../../helpers/store.js';
import { IMPACT_WINDOW_DAYS, proposalsFor, submitDefault } from '../proposal-fixture.js';
import {
  ALICE,
  BOB,
  CHANNEL,
  createTestIntake,
  createTestRules,
  deliverAlerts,
  drain,
  groupOf,
  intakeItem,
  jobs,
  RULES_FILE,
  RULES_SEED,
  testClock,
  type TestClock,
  type TestIntake,
} from '../workflow-fixture.js';
import { oneTarget } from '../../../helpers/targets.js';

describe('open exception pull requests kept on top of their base', () => {
  const env = storeTestEnv('pglite');
  let store: Store;
  let clock: TestClock;
  let intake: TestIntake;
  let repo: InMemoryRepo;
  let rules: RulesContext;
  let proposals: Proposals;
  let chat: InMemoryChat;
  let refresh: PrRefresh;
  let runner: JobRunner;

  beforeEach(async () => {
    store = await env.fresh();
    clock = testClock();
    intake = createTestIntake(store, clock);
    repo = new InMemoryRepo({ files: { [RULES_FILE]: RULES_SEED }, now: () => clock.now().getTime() });
    rules = createTestRules(repo, clock);
    proposals = proposalsFor({ store, rules, clock });
    chat = new InMemoryChat();
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
    refresh = createPrRefresh({ ...common, logger: silentLogger, rulesEntry: undefined });
    runner = createJobRunner({
      store,
      handlers: {
        ...proposalJobs({
          store,
          chat,
          clock,
          requiredApprovals: 1,
          approvers: { users: [BOB], group: undefined },
        }),
        [JOB_PR_OPEN]: pullRequestJob({ ...common, rulesEntry: undefined, labels: [], reviewers: [] }),
        ...refresh.handlers,
      },
      clock,
      logger: silentLogger,
      workerId: 'runner-1',
      random: () => 0.5,
    });
  });
  afterEach(() => intake.close());

  /** An alert of process `proc` posted to Slack, proposed by Alice, approved by Bob: its pull request is open. */
  async function opened(proc: string): Promise<{ proposal: Proposal; number: number; threadTs: string }> {
    const item = intakeItem({ fields: { 'proc.name': proc } });
    await intake.accept(item);
    await deliverAlerts(store, chat, clock);
    const group = await groupOf(store, item);
    const submitted = await submitDefault(
      { store, rules, clock, proposals },
      group.id,
      ALICE,
      `${proc} reads /etc/shadow by design`,
    );
    if (!submitted.ok) throw new Error(JSON.stringify(submitted.error));
    expect(await proposals.approve(submitted.value.proposal.id, BOB)).toMatchObject({ ok: true });
    await drain(runner);
    const proposal = await current(submitted.value.proposal.id);
    expect(proposal).toMatchObject({ status: 'pr_open', prHold: null });
    return { proposal, number: proposal.prNumber ?? 0, threadTs: group.slackTs ?? '' };
  }

  async function current(id: string): Promise<Proposal> {
    const proposal = await store.proposals.get(id);
    if (proposal === undefined) throw new Error(`no proposal ${id}`);
    return proposal;
  }

  function notes(threadTs: string): ThreadNote[] {
    return chat
      .thread(CHANNEL, threadTs)
      .flatMap((m) =>
        m.content.kind === 'reply' && m.content.reply.kind === 'note' ? [m.content.reply.note] : [],
      );
  }

  /** What the merge button would make of it: the merge's base, and the base the bot built the head on. */
  function merge(number: number): { mergedOn: string; builtOn: string } {
    const head = repo.pull(number);
    const headSha = repo.branches()[head.branch] ?? '';
    const builtOn = repo.commit(headSha)?.parents[0] ?? '';
    const mergedOn = repo.branches()['main'] ?? '';
    repo.mergePull(number, { mergedBy: 'alice' });
    return { mergedOn, builtOn };
  }

  async function baseMoved(): Promise<void> {
    await refresh.request('test: the base moved');
    await drain(runner);
  }

  it('re-applies every open one on the new base after each merge, so all three merge in any order, each verified on its merge base', async () => {
    const a = await opened('titanagent');
    const b = await opened('ossec-agent');
    const c = await opened('wazuh-agentd');

    expect(merge(b.number)).toMatchObject({ builtOn: expect.any(String) });
    // Without the bot, the next one conflicts: both appended to the end of the same customRules block.
    expect(() => repo.mergePull(a.number)).toThrow(/conflict/);
    await baseMoved();
    for (const other of [a, c]) {
      const refreshed = await current(other.proposal.id);
      expect(refreshed.prBaseSha).toBe(repo.branches()['main']);
      expect(refreshed.prBotCommits).toHaveLength(2);
      expect(notes(other.threadTs)).toContainEqual(
        expect.objectContaining({
          code: 'pr_refreshed',
          baseBranch: 'main',
          baseSha: repo.branches()['main'],
        }),
      );
      expect(repo.pull(other.number).body).toContain(
        'The base branch moved after this pull request was opened',
      );
    }
    // Against a base that holds b's exception, a's goes in as a values row of it, not as a second definition.
    const onA = repo.file(a.proposal.branch ?? '', RULES_FILE) ?? '';
    expect(onA.match(/name: /g)?.length).toBe((RULES_SEED.match(/name: /g)?.length ?? 0) + 1);
    expect(onA).toContain('ossec-agent');

    const second = merge(c.number);
    expect(second.builtOn).toBe(second.mergedOn);
    await baseMoved();
    const third = merge(a.number);
    expect(third.builtOn).toBe(third.mergedOn);

    const final = repo.file('main', RULES_FILE) ?? '';
    for (const proc of ['titanagent', 'ossec-agent', 'wazuh-agentd']) expect(final).toContain(proc);
    const version = parseFalcoVersion('0.44.1');
    if (!version.ok) throw new Error('version');
    const loaded = loadRules(
      [
        { name: 'falco_rules.yaml', content: readFixture('rules', 'falco_rules.yaml') },
        { name: RULES_FILE, content: final },
      ],
      { falcoVersion: version.value },
    );
    expect(loaded.errors).toEqual([]);
  });

  it('does nothing when the base has not moved, and recognises its own push on the synchronize webhook', async () => {
    const a = await opened('titanagent');
    const before = repo.branches()[a.proposal.branch ?? ''];
    await baseMoved();
    expect(repo.branches()[a.proposal.branch ?? '']).toBe(before);

    repo.setFile('main', 'README.md', '# rules\n', 'alice');
    await baseMoved();
    const refreshed = await current(a.proposal.id);
    expect(repo.branches()[a.proposal.branch ?? '']).toBe(refreshed.prBotCommits.at(-1));
    const rollout = createRollout({
      store,
      clock,
      logger: silentLogger,
      deployWorkflow: 'Falco rules',
      baseBranch: 'main',
    });
    const listed = await repo.listOpenPullRequests('falco-triage/');
    const state = listed.ok ? listed.value[0] : undefined;
    if (state === undefined) throw new Error('the pull request is not listed');
    expect(await rollout.pullRequestSeen(state, 'webhook', 'synchronize')).toMatchObject({
      outcome: 'unchanged',
      detail: "the bot's own commit",
    });
  });

  it("leaves a pull request a person pushed to alone, says why, and an approver's Retry takes it back", async () => {
    const a = await opened('titanagent');
    const b = await opened('ossec-agent');
    const branch = b.proposal.branch ?? '';
    const pushed = repo.setFile(
      branch,
      RULES_FILE,
      `${repo.file(branch, RULES_FILE) ?? ''}# reviewed by carol\n`,
      'carol',
    );
    merge(a.number);
    await baseMoved();

    expect(repo.branches()[branch]).toBe(pushed);
    expect((await current(b.proposal.id)).prHold).toEqual({ code: 'pushed_by_person', headSha: pushed });
    expect(notes(b.threadTs)).toContainEqual({
      code: 'pr_held',
      pr: { number: b.number, url: expect.any(String) },
      baseBranch: 'main',
      hold: { code: 'pushed_by_person', headSha: pushed },
    });
    // Held means held: another base move changes nothing.
    repo.setFile('main', 'README.md', '# rules\n', 'alice');
    await baseMoved();
    expect(repo.branches()[branch]).toBe(pushed);

    expect(await proposals.retry(b.proposal.id, ALICE)).toMatchObject({
      ok: false,
      error: { code: 'approver_required', action: 'retry' },
    });
    // A pass already queued (another base move) runs before the Retry's job: it must not hold it again.
    await refresh.request('queued before the click');
    expect(await proposals.retry(b.proposal.id, BOB)).toMatchObject({ ok: true, value: { prHold: null } });
    await drain(runner);
    expect(notes(b.threadTs).filter((note) => note.code === 'pr_held')).toHaveLength(1);
    expect(notes(b.threadTs).filter((note) => note.code === 'pr_refreshed')).toHaveLength(1);
    const taken = await current(b.proposal.id);
    expect(taken.prHold).toBeNull();
    expect(repo.branches()[branch]).toBe(taken.prBotCommits.at(-1));
    expect(repo.commit(repo.branches()[branch] ?? '')?.parents).toEqual([repo.branches()['main']]);
    expect(notes(b.threadTs).map((note) => note.code)).toEqual(
      expect.arrayContaining(['pr_held', 'pr_refresh_retrying', 'pr_refreshed']),
    );
    expect(merge(b.number).builtOn).toBe(repo.commit(repo.branches()['main'] ?? '')?.parents[0]);
  });

  it('holds a pull request whose exception the base already has, or whose change no longer applies there', async () => {
    const a = await opened('titanagent');
    const b = await opened('ossec-agent');
    // Someone put a's exact change on main by hand: a would add nothing, b now goes in as a values row.
    repo.setFile('main', RULES_FILE, repo.file(a.proposal.branch ?? '', RULES_FILE) ?? '', 'alice');
    await baseMoved();
    const stored = a.proposal.exception.change;
    if (stored?.kind !== 'exception') throw new Error('expected a rule exception');
    expect((await current(a.proposal.id)).prHold).toMatchObject({
      code: 'already_excepted',
      baseSha: repo.branches()['main'],
      by: { kind: 'exception', name: stored.name },
    });
    expect(await current(b.proposal.id)).toMatchObject({ prHold: null, prBaseSha: repo.branches()['main'] });

    // Then the exception is redefined by hand with other fields: b's values row no longer fits it.
    const onMain = repo.file('main', RULES_FILE) ?? '';
    const fields = /fields: \[([^\]]*)\]/.exec(onMain.slice(onMain.indexOf(`name: ${stored.name}`)));
    expect(fields).not.toBeNull();
    const redefined = onMain.replace(fields?.[0] ?? '', `fields: [${fields?.[1] ?? ''}, user.name]`);
    repo.setFile('main', RULES_FILE, redefined, 'alice');
    await baseMoved();
    expect((await current(b.proposal.id)).prHold).toMatchObject({
      code: 'no_longer_applies',
      problem: { code: 'edit_failed', detail: expect.stringContaining('with other fields') },
    });
    expect(notes(b.threadTs)).toContainEqual(expect.objectContaining({ code: 'pr_held' }));
  });

  it('retries a GitHub outage through the outbox, then updates the pull request once', async () => {
    const a = await opened('titanagent');
    const b = await opened('ossec-agent');
    merge(a.number);
    repo.failNext('moveBranch', repoErrors.unavailable(30_000));
    await baseMoved();
    const [waiting] = await jobs(store, 'pending', JOB_PR_REFRESH);
    expect(waiting?.lastError).toMatch(/^github_unavailable: bringing exception pull requests up to date/);
    expect((await current(b.proposal.id)).prBaseSha).not.toBe(repo.branches()['main']);

    clock.advance(30_000);
    await drain(runner);
    const refreshed = await current(b.proposal.id);
    expect(refreshed.prBaseSha).toBe(repo.branches()['main']);
    expect(repo.branches()[b.proposal.branch ?? '']).toBe(refreshed.prBotCommits.at(-1));
    expect(notes(b.threadTs).filter((note) => note.code === 'pr_refreshed')).toHaveLength(1);
  });
});
