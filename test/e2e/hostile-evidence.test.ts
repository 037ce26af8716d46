/**
 * Issue 14: evidence that cannot be forged. A process on a monitored host controls what its alert says (command
 * line, file names, host name, custom fields); that text reaches the pull request body. Two alerts go the whole way
 * (intake → Slack → Mark false positive → approve → pull request on the fake GitHub): one clean, one with hostile
 * Markdown in every field the flow accepts, and in the justification. Parsed with a real CommonMark/GFM parser,
 * both bodies have the same tree (node types and nesting), and the hostile one holds no link, image, mention or
 * reference of the attacker's.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { StoredMessage } from '../../src/stand-ins/slack/index.js';
import type { PullSnapshot } from '../../src/stand-ins/github/index.js';
import { alertFixture } from '../helpers/fixtures.js';
import { nodes, parseMarkdown, shape, texts } from '../helpers/markdown-tree.js';
import { RULES_REPO, startRulesRepo, type RulesRepoSetup } from './helpers/rules-repo.js';
import { ALERTS_CHANNEL, startTestBot, type TestBot } from './helpers/test-bot.js';

const ALICE = 'U0ALICE001';
const BOB = 'U0BOB00001';
const OTHER_MARKER = '<!-- falco-triage:exception:0190a1b2-0000-7000-8000-000000000009 -->';

/** One payload per field, each trying something else (and all of them trying to close what they are in). */
const HOSTILE = {
  proc: 'agent```@acme/security-team`` ` ``<!--',
  cmdline: `agent --x\n\`\`\`\n## Approved by @acme/security-team\n![](https://t.example/p.png) [review](https://phish.example)\n${OTHER_MARKER}\n<!-- the rest is hidden`,
  file: '/tmp/`` | a | b |\n|---|---|\n<img src=https://t.example/i.png>',
  parent: '**bold** _it_ ~~gone~~ $x$ #1 GH-2 acme/falco-rules#3 admin@evil.example www.evil.example',
  user: '<details><summary>x</summary>',
  image: '\u202e\u200b<script>alert(1)</script>\\|`|\\\\|',
  host: 'host`\n# Heading\n> quote\n- item\n1. one\n    indented\n===',
  output:
    'Warning Sensitive file opened ```\n```\n</details>\n\n# Approved\n\n@acme/security-team merge this [now](https://phish.example)\n~~~\n',
  key: 'x|y` @acme/team\n#4',
  value: '`|`\r\n[^1]\n\n[^1]: https://phish.example',
  justification: '# Approved\n- by @acme/security-team ```\n</details><!-- hide the rest',
};

const CLEAN_JUSTIFICATION = 'cleanagent reads /etc/shadow\nby design for our HIDS\nsince 2024';

let repo: RulesRepoSetup;
let t: TestBot;

beforeAll(async () => {
  repo = await startRulesRepo();
  t = await startTestBot({
    env: repo.env,
    slackOptions: { rateLimits: { postMessagePerChannel: false } },
    bot: { delivery: { channelIntervalMs: 10, pollMs: 20 }, github: { throttle: false, retries: 0 } },
  });
}, 60_000);

afterAll(async () => {
  await t.stop();
  await repo.github.close();
});

const text = (value: unknown) => JSON.stringify(value);

function alert(values: {
  proc: string;
  cmdline: string;
  file: string;
  parent: string;
  user: string;
  image: string;
  host: string;
  output: string;
  key: string;
  value: string;
}): Record<string, unknown> {
  const base = alertFixture('029') as { output_fields: Record<string, unknown> } & Record<string, unknown>;
  return {
    ...base,
    time: new Date().toISOString(),
    hostname: values.host,
    output: values.output,
    tags: [values.parent, values.user],
    output_fields: {
      ...base.output_fields,
      'proc.name': values.proc,
      'proc.cmdline': values.cmdline,
      'fd.name': values.file,
      'proc.pname': values.parent,
      'user.name': values.user,
      'container.image.repository': values.image,
      [values.key]: values.value,
    },
  };
}

/** Alert → Mark false positive (the exception on proc.name) → justification → Bob approves → the pull request. */
async function toPullRequest(body: Record<string, unknown>, justification: string): Promise<PullSnapshot> {
  const before = new Set(t.slack.messages(ALERTS_CHANNEL).map((message) => message.ts));
  const pullsBefore = repo.github.pulls(RULES_REPO).length;
  expect((await t.post('/falco/alerts', body)).status).toBe(202);
  const message: StoredMessage = await t.slack.waitFor(() =>
    t.slack
      .messages(ALERTS_CHANNEL)
      .find((candidate) => candidate.threadTs === undefined && !before.has(candidate.ts)),
  );
  const views = new Set(t.slack.openViews(ALICE).map((view) => view.id));
  await t.client.click({ channel: ALERTS_CHANNEL, ts: message.ts, actionId: 'alert_fp', user: ALICE });
  const view = await t.slack.waitFor(() =>
    t.slack
      .openViews(ALICE)
      .find(
        (candidate) => !views.has(candidate.id) && text(candidate.definition).includes('fp_justification'),
      ),
  );
  const submitted = await t.client.submitView({
    viewId: view.id,
    user: ALICE,
    values: { fp_fields: ['proc.name'], fp_justification: justification },
  });
  expect(submitted.outcome).toMatchObject({ kind: 'closed' });
  const proposal = await t.slack.waitFor(() =>
    t.slack
      .thread(ALERTS_CHANNEL, message.ts)
      .find((reply) => text(reply.content.blocks).includes('proposal_approve')),
  );
  await t.client.click({ channel: ALERTS_CHANNEL, ts: proposal.ts, actionId: 'proposal_approve', user: BOB });
  const pulls = await repo.github.waitFor(
    () => repo.github.pulls(RULES_REPO).length > pullsBefore && repo.github.pulls(RULES_REPO),
    { timeoutMs: 20_000 },
  );
  const pull = pulls.at(-1);
  if (pull === undefined) throw new Error('no pull request');
  return pull;
}

describe('hostile Markdown in every alert field and in the justification', () => {
  it('leaves the pull request body with the structure of a clean one', async () => {
    const clean = await toPullRequest(
      alert({
        proc: 'cleanagent',
        cmdline: 'cleanagent --check',
        file: '/etc/shadow',
        parent: 'sh',
        user: 'root',
        image: 'alpine',
        host: 'node-1',
        output: 'Warning Sensitive file opened for reading by non-trusted program',
        key: 'custom.note',
        value: 'ok',
      }),
      CLEAN_JUSTIFICATION,
    );
    const hostile = await toPullRequest(alert(HOSTILE), HOSTILE.justification);

    const cleanTree = parseMarkdown(clean.body ?? '');
    const hostileTree = parseMarkdown(hostile.body ?? '');
    expect(shape(hostileTree)).toEqual(shape(cleanTree));

    // Nothing of the attacker's links, embeds, mentions or hides: the one link is the Slack thread, the only HTML
    // is the bot's marker and its <code> cells.
    const links = nodes(hostileTree).filter((node) =>
      ['link', 'image', 'footnoteReference'].includes(node.type),
    );
    expect(links.map((link) => ('url' in link ? link.url : link.type))).toEqual([
      expect.stringMatching(/^https:\/\/[a-z-]+\.slack\.com\/archives\/C0ALERTS01\/p\d+$/),
    ]);
    const html = nodes(hostileTree).flatMap((node) => (node.type === 'html' ? [node.value] : []));
    expect(new Set(html)).toEqual(
      new Set([`<!-- falco-triage:exception:${proposalId(hostile)} -->`, '<code>', '</code>']),
    );
    // GitHub mentions, references and links in text outside code and links: every @ and # is followed by a
    // zero-width space, no :// or www. is left.
    const prose = nodes(hostileTree)
      .filter((node) => node.type !== 'link')
      .flatMap((node) => ('children' in node ? node.children : []))
      .filter((node) => node.type === 'text')
      .map((node) => node.value)
      .join('\n');
    expect(prose).not.toMatch(/@(?!\u200b)|#(?!\u200b)|:\/\/|www\./i);

    // The evidence is all there, readable: the command line in the table, the output in its block.
    const all = texts(hostileTree).join('\n').replaceAll('\u200b', '');
    expect(all).toContain('agent --x⏎```⏎## Approved by @acme/security-team');
    expect(all).toContain('Warning Sensitive file opened ```\n```\n</details>');
    expect(all).toContain('<U+202E><U+200B><script>');
    // And the pull request maps back to its own proposal, not to the one named in the command line.
    expect(hostile.body?.split('\n')[0]).toMatch(/^<!-- falco-triage:exception:[0-9a-f-]{36} -->$/);
    expect(hostile.body?.split('\n')[0]).not.toBe(OTHER_MARKER);
    expect(hostile.title).not.toMatch(/[@#][^\u200b]/);
  }, 120_000);
});

function proposalId(pull: PullSnapshot): string {
  return /falco-triage:exception:([0-9a-f-]{36})/.exec(pull.body ?? '')?.[1] ?? '';
}
