/**
 * The words of every thread note code, exactly as the thread shows them (these are the sentences the workflow wrote
 * itself before notes became codes), and the outbox's check of a note read back from JSON.
 */
import { describe, expect, it } from '@jest/globals';
import { threadNoteText } from '../../../src/slack/thread-notes.js';
import { threadReplyMessage } from '../../../src/slack/thread-reply.js';
import { threadNotePayload } from '../../../src/triage/jobs/job-kinds.js';
import { threadNote } from '../../../src/triage/jobs/record-schemas.js';
import type { ThreadNote, ThreadNoteCode } from '../../../src/triage/ports/thread-note.js';

const PR = { number: 12, url: 'https://github.com/acme/falco-rules/pull/12' };
const RUN = { number: 812, url: 'https://github.com/acme/falco-rules/actions/runs/99' };
const EXPIRED = '2026-03-01T23:59:59.000Z';
const BASE = 'fedcba9876543210fedcba9876543210fedcba98';

/** At least one case per code: the type makes a missing code a compile error. */
const CASES: {
  readonly [C in ThreadNoteCode]: readonly (readonly [Extract<ThreadNote, { code: C }>, string])[];
} = {
  approved: [[{ code: 'approved', by: 'U0ALICE' }, 'Approved by <@U0ALICE>. Opening the pull request…']],
  approved_without_pr: [
    [
      { code: 'approved_without_pr', by: 'U0ALICE' },
      'Approved by <@U0ALICE>, but no pull request can be opened: Marking false positives needs the rules repository: falco-triage has no GitHub configuration (GITHUB_REPO, RULES_FILE, a token or a GitHub App). Alerts keep flowing meanwhile.',
    ],
  ],
  rejected: [[{ code: 'rejected', by: 'U0BOB' }, 'Rejected by <@U0BOB>.']],
  withdrawn: [[{ code: 'withdrawn', by: 'U0ALICE' }, 'Withdrawn by <@U0ALICE>.']],
  expired: [[{ code: 'expired' }, 'This proposal expired before it got enough approvals.']],
  pr_retrying: [[{ code: 'pr_retrying', by: 'U0BOB' }, '<@U0BOB> is retrying the pull request…']],
  pr_failed: [
    [
      {
        code: 'pr_failed',
        failure: {
          code: 'github_refused',
          step: { step: 'open_pull_request' },
          kind: 'invalid',
          detail: 'Validation Failed',
        },
      },
      ':warning: The pull request could not be opened: GitHub refused opening the pull request: Validation Failed',
    ],
    [
      {
        code: 'pr_failed',
        failure: { code: 'verification_failed', problems: ['`proc.name = <!channel>` & more'] },
      },
      ':warning: The pull request could not be opened: verification failed: `proc.name = &lt;!channel&gt;` &amp; more',
    ],
  ],
  pr_opened: [
    [{ code: 'pr_opened', pr: PR, warnings: [] }, `Pull request <${PR.url}|#12> is open for review.`],
    [
      { code: 'pr_opened', pr: PR, warnings: ['reviewer <@x> is not a collaborator', 'label missing'] },
      `Pull request <${PR.url}|#12> is open for review. (Note: reviewer &lt;@x&gt; is not a collaborator; label missing)`,
    ],
  ],
  pr_merged: [
    [
      { code: 'pr_merged', pr: PR, by: 'alice' },
      `Pull request <${PR.url}|#12> was merged by @alice; waiting for the deploy.`,
    ],
    [
      { code: 'pr_merged', pr: PR, by: '<!here>' },
      `Pull request <${PR.url}|#12> was merged by @here; waiting for the deploy.`,
    ],
    [
      { code: 'pr_merged', pr: PR, by: null },
      `Pull request <${PR.url}|#12> was merged by someone; waiting for the deploy.`,
    ],
  ],
  pr_closed: [
    [
      { code: 'pr_closed', pr: PR },
      `Pull request <${PR.url}|#12> was closed without merging: the exception was not added. Reopen it on GitHub to continue.`,
    ],
  ],
  pr_reopened: [
    [
      { code: 'pr_reopened', pr: PR },
      `Pull request <${PR.url}|#12> was reopened and waits for review again.`,
    ],
  ],
  pr_updated: [
    [
      { code: 'pr_updated', pr: PR, headSha: '0123456789abcdef0123456789abcdef01234567' },
      `Pull request <${PR.url}|#12> got new commits (head \`0123456\`): check on GitHub that it still holds the exception approved here.`,
    ],
  ],
  pr_refreshed: [
    [
      { code: 'pr_refreshed', pr: PR, baseBranch: 'main', baseSha: BASE, yamlChanged: false },
      `\`main\` moved: falco-triage wrote the approved exception again on top of it (\`fedcba9\`), verified it again, and pull request <${PR.url}|#12> is up to date.`,
    ],
    [
      { code: 'pr_refreshed', pr: PR, baseBranch: 'main', baseSha: BASE, yamlChanged: true },
      `\`main\` moved: falco-triage wrote the approved exception again on top of it (\`fedcba9\`), verified it again, and pull request <${PR.url}|#12> is up to date. It now adds to what is already on \`main\`: the proposal above shows the new YAML.`,
    ],
  ],
  pr_held: [
    [
      {
        code: 'pr_held',
        pr: PR,
        baseBranch: 'main',
        hold: { code: 'pushed_by_person', headSha: '0123456789abcdef0123456789abcdef01234567' },
      },
      `:raised_hand: falco-triage stopped keeping pull request <${PR.url}|#12> up to date: someone pushed to its branch (head 0123456), and falco-triage never overwrites a person's commits. An approver can click *Retry update* to have it write the approved exception again on top of \`main\` (replacing the pushed commits).`,
    ],
    [
      {
        code: 'pr_held',
        pr: PR,
        baseBranch: 'main',
        hold: { code: 'already_excepted', baseSha: BASE, by: { kind: 'list', name: 'hids_binaries' } },
      },
      `:raised_hand: falco-triage stopped keeping pull request <${PR.url}|#12> up to date: main (fedcba9) already excepts this alert (list hids_binaries), so merging it would add nothing; close it if that is what you want. An approver can click *Retry update* to have it write the approved exception again on top of \`main\`.`,
    ],
    [
      {
        code: 'pr_held',
        pr: PR,
        baseBranch: 'main',
        hold: {
          code: 'no_longer_applies',
          baseSha: BASE,
          problem: { code: 'rule_not_loaded', rule: 'Read <sensitive> file' },
        },
      },
      `:raised_hand: falco-triage stopped keeping pull request <${PR.url}|#12> up to date: on main (fedcba9) the approved exception no longer applies: The rule "Read &lt;sensitive&gt; file" is not in the rules falco-triage loads (FALCO_RULES and the rules repository), so it cannot write an exception for it. Check that FALCO_RULES matches what Falco runs. An approver can click *Retry update* to have it write the approved exception again on top of \`main\`.`,
    ],
    [
      {
        code: 'pr_held',
        pr: PR,
        baseBranch: 'main',
        hold: { code: 'github_refused', detail: 'Not allowed' },
      },
      `:raised_hand: falco-triage stopped keeping pull request <${PR.url}|#12> up to date: GitHub refused the update: Not allowed. An approver can click *Retry update* to have it write the approved exception again on top of \`main\`.`,
    ],
  ],
  pr_refresh_retrying: [
    [
      { code: 'pr_refresh_retrying', pr: PR, by: 'U0BOB' },
      `<@U0BOB> asked falco-triage to bring pull request <${PR.url}|#12> up to date again…`,
    ],
  ],
  deployed: [[{ code: 'deployed', run: RUN }, `Exception deployed by run <${RUN.url}|#812>.`]],
  deploy_failed: [
    [
      { code: 'deploy_failed', run: RUN, conclusion: 'failure' },
      `The deploy run <${RUN.url}|#812> failed (<${RUN.url}|see the run>). The exception is merged but not live.`,
    ],
    [
      { code: 'deploy_failed', run: RUN, conclusion: 'cancelled' },
      `The deploy run <${RUN.url}|#812> was cancelled (a newer run may replace it) (<${RUN.url}|see the run>). The exception is merged but not live.`,
    ],
    [
      { code: 'deploy_failed', run: RUN, conclusion: 'timed_out' },
      `The deploy run <${RUN.url}|#812> timed out (<${RUN.url}|see the run>). The exception is merged but not live.`,
    ],
    [
      { code: 'deploy_failed', run: RUN, conclusion: 'startup_failure' },
      `The deploy run <${RUN.url}|#812> could not start (<${RUN.url}|see the run>). The exception is merged but not live.`,
    ],
  ],
  removal_opened: [
    [
      { code: 'removal_opened', expiredAt: EXPIRED, pr: PR },
      `The exception expired on 2026-03-01: pull request <${PR.url}|#12> removes it. It stays live until that pull request is merged and deployed.`,
    ],
  ],
  removal_failed: [
    [
      {
        code: 'removal_failed',
        expiredAt: EXPIRED,
        problem: { code: 'rules_file_missing', file: 'falco/values.yaml', branch: 'main' },
        file: 'falco/values.yaml',
      },
      'The exception expired on 2026-03-01, but falco-triage could not remove it: falco/values.yaml is not on main. Remove it from falco/values.yaml by hand.',
    ],
    [
      {
        code: 'removal_failed',
        expiredAt: null,
        problem: { code: 'github_refused', detail: 'GitHub said <b>no</b>' },
        file: 'rules.yaml',
      },
      'The exception expired on its expiry date, but falco-triage could not remove it: GitHub said &lt;b&gt;no&lt;/b&gt;. Remove it from rules.yaml by hand.',
    ],
  ],
  removal_merged: [
    [
      { code: 'removal_merged', pr: PR, by: 'bob' },
      `Removal pull request <${PR.url}|#12> was merged by @bob: the expired exception is out of the rules and stops applying with the next deploy.`,
    ],
  ],
  removal_closed: [
    [
      { code: 'removal_closed', pr: PR },
      `Removal pull request <${PR.url}|#12> was closed without merging: the expired exception stays in the rules.`,
    ],
  ],
  removal_reopened: [
    [{ code: 'removal_reopened', pr: PR }, `Removal pull request <${PR.url}|#12> was reopened.`],
  ],
  removed_outside: [
    [
      { code: 'removed_outside', file: 'falco/values.yaml', branch: 'main' },
      'The expired exception is no longer in falco/values.yaml on main: it counts as removed.',
    ],
  ],
  explain_failed: [
    [
      { code: 'explain_failed', requestedBy: 'U0ALICE', problem: { code: 'alert_not_stored' } },
      ':warning: <@U0ALICE>, this alert cannot be explained: This alert is no longer stored (it may have been pruned).',
    ],
    [
      { code: 'explain_failed', requestedBy: 'U0ALICE', problem: { code: 'rules_not_configured' } },
      ':warning: <@U0ALICE>, this alert cannot be explained: falco-triage has no base rules to work with: set FALCO_RULES to the rules files Falco loads (e.g. falco_rules.yaml).',
    ],
    [
      {
        code: 'explain_failed',
        requestedBy: 'U0ALICE',
        problem: { code: 'not_explainable', detail: 'rule "<!channel>" is not loaded' },
      },
      ':warning: <@U0ALICE>, this alert cannot be explained: rule "&lt;!channel&gt;" is not loaded',
    ],
  ],
};

const TABLE: (readonly [ThreadNote, string])[] = Object.values(CASES).flat();

describe('thread notes in Slack', () => {
  it.each(TABLE.map(([note, text]) => [note.code, note, text] as const))('%s: %j', (_code, note, text) => {
    expect(threadNoteText(note)).toBe(text);
  });

  it.each(TABLE.map(([note]) => [note.code, note] as const))(
    '%s survives the outbox (JSON and the payload check)',
    (_code, note) => {
      const stored: unknown = JSON.parse(JSON.stringify({ proposalId: 'p1', note }));

      expect(threadNotePayload.parse(stored)).toEqual({ proposalId: 'p1', note });
    },
  );

  it('refuses a note with an unknown code or missing facts', () => {
    expect(threadNote.safeParse({ code: 'approved' }).success).toBe(false);
    expect(threadNote.safeParse({ code: 'shipped', by: 'U1' }).success).toBe(false);
  });

  it('posts a note queued before notes were codes exactly as it was queued', () => {
    const legacy = threadNotePayload.parse({ proposalId: 'p1', text: 'Approved by <@U0ALICE>. Opening…' });

    expect(legacy).toEqual({ proposalId: 'p1', text: 'Approved by <@U0ALICE>. Opening…' });
    expect(threadReplyMessage({ kind: 'text', text: 'Approved by <@U0ALICE>. Opening…' })).toEqual({
      text: 'Approved by <@U0ALICE>. Opening…',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Approved by <@U0ALICE>. Opening…' } }],
    });
  });

  it('renders a note reply as one section with the same text as its fallback', () => {
    const message = threadReplyMessage({ kind: 'note', note: { code: 'rejected', by: 'U0BOB' } });

    expect(message).toEqual({
      text: 'Rejected by <@U0BOB>.',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Rejected by <@U0BOB>.' } }],
    });
  });
});
