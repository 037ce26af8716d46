/**
 * The effects of an exception told both ways, end to end, on the how-to's era (Falco 0.25 rules, the seed values
 * file): the first suggestion changes no other rule; appending titanagent to user_mgmt_binaries is offered with the
 * rules it makes fire more, needs an explicit confirmation in the modal, and the pull request says so.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFixture } from '../helpers/fixtures.js';
import { ALERTS_CHANNEL, type TestBot } from './helpers/test-bot.js';
import { HOW_TO_ERA, startBotWithRepo, type BotWithRepo } from './helpers/bot-with-repo.js';
import { RULES_REPO, type RulesRepoSetup } from './helpers/rules-repo.js';
import { ALICE, BOB } from './helpers/propose.js';

let repo: RulesRepoSetup;
let t: TestBot;
let setup: BotWithRepo;

/** The how-to's era: Falco 0.25 rules, the seed values file, and its titanagent false positive. */
beforeAll(async () => {
  setup = await startBotWithRepo(HOW_TO_ERA);
  ({ repo, t } = setup);
}, 60_000);

afterAll(async () => {
  await setup.stop();
});

function text(value: unknown): string {
  return JSON.stringify(value);
}

interface MenuOption {
  readonly text: { readonly text: string };
  readonly value: string;
}
interface StrategyMenu {
  readonly options?: readonly MenuOption[];
  readonly option_groups?: readonly {
    readonly label: { text: string };
    readonly options: readonly MenuOption[];
  }[];
  readonly initial_option: MenuOption;
}

/** Radio buttons list their options; the grouped menu (more than 10 strategies) lists them by group. */
function optionsOf(menu: StrategyMenu): readonly MenuOption[] {
  return menu.options ?? (menu.option_groups ?? []).flatMap((group) => group.options);
}

const WIDENED = ['System procs network activity', 'User mgmt binaries'];

describe('an exception that makes other rules fire more', () => {
  it('is offered last, confirmed explicitly, and stated in the proposal and the pull request', async () => {
    await t.post('/falco/alerts', {
      hostname: 'node-7',
      output: readFixture('alerts', 'seed-titanagent.txt').trim(),
      priority: 'Warning',
      rule: 'Read sensitive file untrusted',
      time: new Date().toISOString(),
      output_fields: { 'proc.name': 'titanagent', 'fd.name': '/etc/shadow', 'proc.cmdline': 'titanagent -d' },
    });
    const message = await t.slack.waitFor(() =>
      t.slack.messages(ALERTS_CHANNEL).find((m) => text(m.content.blocks).includes('titanagent')),
    );
    await t.client.click({ channel: ALERTS_CHANNEL, ts: message.ts, actionId: 'alert_fp', user: ALICE });
    const view = await t.slack.waitFor(() =>
      t.slack.openViews(ALICE).find((candidate) => text(candidate.definition).includes('fp_strategy')),
    );

    // The preselected strategy changes no other rule; user_mgmt_binaries says what it does.
    const menu = (view.definition.blocks as { block_id?: string; element?: unknown }[]).find(
      (block) => block.block_id === 'fp_strategy',
    )?.element as StrategyMenu;
    const strategies = { options: optionsOf(menu), initial_option: menu.initial_option };
    const initial = strategies.options.find((option) => option.value === strategies.initial_option.value);
    expect(initial?.text.text).not.toMatch(/also silences|fire MORE/);
    const userMgmt = strategies.options.find((option) => option.value === 'list:user_mgmt_binaries');
    expect(userMgmt?.text.text).toContain('makes 2 other rules fire MORE');
    expect(menu.option_groups?.at(-1)?.label.text).toBe('Makes other rules fire more');
    expect(menu.option_groups?.at(-1)?.options.map((option) => option.value)).toContain(
      'list:user_mgmt_binaries',
    );
    expect(menu.option_groups?.[0]?.options.map((option) => option.value)).toContain(
      strategies.initial_option.value,
    );
    expect(text(view.definition)).not.toContain('fp_confirm');

    // Choosing it shows the rules that will fire more and asks for a confirmation.
    await t.client.viewAction({
      viewId: view.id,
      actionId: 'fp_strategy',
      user: ALICE,
      input: 'list:user_mgmt_binaries',
    });
    const confirming = await t.slack.waitFor(() => {
      const current = t.slack.view(view.id)?.definition;
      return text(current).includes('fp_confirm') && current;
    });
    for (const rule of WIDENED) expect(text(confirming)).toContain(rule);

    // Without the confirmation the submission is refused on that block.
    const refused = await t.client.submitView({
      viewId: view.id,
      user: ALICE,
      values: { fp_justification: 'titanagent is our HIDS agent; it reads /etc/shadow by design' },
    });
    expect(refused.outcome).toMatchObject({ kind: 'errors' });
    expect(text(refused.outcome)).toContain('fp_confirm');
    expect(text(refused.outcome)).toContain('User mgmt binaries');

    const submitted = await t.client.submitView({
      viewId: view.id,
      user: ALICE,
      values: {
        fp_justification: 'titanagent is our HIDS agent; it reads /etc/shadow by design',
        fp_confirm: ['yes'],
      },
    });
    expect(submitted.outcome).toMatchObject({ kind: 'closed' });

    const proposal = await t.slack.waitFor(() =>
      t.slack
        .thread(ALERTS_CHANNEL, message.ts)
        .find((reply) => text(reply.content.blocks).includes('proposal_approve')),
    );
    expect(text(proposal.content.blocks)).toContain('fire *more*');
    for (const rule of WIDENED) expect(text(proposal.content.blocks)).toContain(rule);

    await t.client.click({
      channel: ALERTS_CHANNEL,
      ts: proposal.ts,
      actionId: 'proposal_approve',
      user: BOB,
    });
    const [pull] = await repo.github.waitFor(
      () => repo.github.pulls(RULES_REPO).length > 0 && repo.github.pulls(RULES_REPO),
      { timeoutMs: 20_000 },
    );
    expect(pull?.body).toContain('**Also silences:** no other rule.');
    expect(pull?.body).toContain('Makes 2 other rule(s) fire more');
    for (const rule of WIDENED) expect(pull?.body).toContain(`\`${rule}\``);
  });
});

describe('the scope-safety policy in the form', () => {
  async function openForm(alert: Record<string, unknown>, marker: string) {
    await t.post('/falco/alerts', {
      hostname: 'node-7',
      priority: 'Notice',
      time: new Date().toISOString(),
      ...alert,
    });
    const message = await t.slack.waitFor(() =>
      t.slack.messages(ALERTS_CHANNEL).find((m) => text(m.content.blocks).includes(marker)),
    );
    const before = new Set(t.slack.openViews(ALICE).map((view) => view.id));
    await t.client.click({ channel: ALERTS_CHANNEL, ts: message.ts, actionId: 'alert_fp', user: ALICE });
    return t.slack.waitFor(() =>
      t.slack
        .openViews(ALICE)
        .find(
          (candidate) => !before.has(candidate.id) && text(candidate.definition).includes('fp_justification'),
        ),
    );
  }

  function block(
    view: { definition: Record<string, unknown> },
    id: string,
  ): Record<string, unknown> | undefined {
    return (view.definition.blocks as Record<string, unknown>[]).find(
      (candidate) => candidate.block_id === id,
    );
  }

  it('preselects nothing and says why when the alert carries no safe scope', async () => {
    const view = await openForm(
      {
        rule: 'Container Drift Detected (chmod)',
        output: 'Drift detected (chmod), new executable created in a container (user=root command=<NA> ...)',
        output_fields: {
          'user.name': 'root',
          'proc.cmdline': null,
          'evt.arg.filename': null,
          'evt.arg.name': null,
          'evt.arg.mode': 'S_IXUSR',
          'evt.type': 'fchmodat',
        },
      },
      'Drift detected (chmod)',
    );
    expect(text(block(view, 'scope_problem'))).toContain('Nothing is preselected. No safe default scope');
    expect(block(view, 'fp_fields')?.element).not.toHaveProperty('initial_options');
    // The person may still choose, and the preview says what a user-only scope would do.
    await t.client.viewAction({ viewId: view.id, actionId: 'fp_fields', user: ALICE, input: ['user.name'] });
    await t.slack.waitFor(() =>
      text(t.slack.view(view.id)?.definition).includes('names no program, file, connection or image'),
    );
  });

  it('matches a connection by its server end, and says so', async () => {
    const view = await openForm(
      {
        rule: 'Unexpected outbound connection destination',
        output:
          'Disallowed outbound connection destination (command=curl -s https://kubernetes connection=...)',
        output_fields: {
          'proc.cmdline': 'curl -s https://kubernetes',
          'fd.name': '10.1.96.24:52342->10.152.183.1:443',
          'user.name': 'root',
          'container.id': '01cdef08d09b',
          'container.image.repository': 'registry.example.com/team/app',
        },
      },
      'Disallowed outbound connection destination',
    );
    const fields = block(view, 'fp_fields')?.element as { initial_options?: { text: { text: string } }[] };
    expect(fields.initial_options?.map((option) => option.text.text).sort()).toEqual([
      'fd.name glob *->10.152.183.1:443',
      'proc.cmdline = curl -s https://kubernetes',
    ]);
    expect(text(block(view, 'scope_globs'))).toContain('the client end of the connection (10.1.96.24:52342)');
    expect(text(block(view, 'preview'))).toContain('fd.name glob *-&gt;10.152.183.1:443');
    expect(text(view.definition)).not.toContain('container.id = 01cdef08d09b');
  });
});
