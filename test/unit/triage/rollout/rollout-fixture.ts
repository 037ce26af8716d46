/**
 * Shared set-up for the rollout, reconciler and expiry tests: a real store (PGlite), the fake GitHub reached through
 * the real adapter, and exception pull requests opened the way the proposal flow opens them (the change applied to
 * the rules file on `exceptionBranch(id)`, a body with the hidden marker, the proposal moved to `pr_open`).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderItem, type RulesChange } from '../../../../src/falco/exceptions/index.js';
import { applyChange } from '../../../../src/falco/rules-file-edit/index.js';
import { createGitHubRepo, type GitHubRepo } from '../../../../src/github/github-repo.js';
import { newId } from '../../../../src/store/ids.js';
import type { Store } from '../../../../src/store/store.js';
import { threadReplyMessage } from '../../../../src/slack/thread-reply.js';
import { JOB_THREAD_NOTE, threadNotePayload } from '../../../../src/triage/jobs/job-kinds.js';
import type { ThreadReply } from '../../../../src/triage/ports/chat-port.js';
import type { Proposal } from '../../../../src/triage/ports/proposal-record.js';
import { exceptionBranch, proposalMarker } from '../../../../src/triage/rollout/pull-request-naming.js';
import type { FakeGitHub } from '../../../../src/stand-ins/github/index.js';
import { startFakeGitHub as startValidatingFake } from '../../../helpers/fake-github.js';

export const OWNER = 'acme';
export const NAME = 'falco-rules';
export const REPO = `${OWNER}/${NAME}`;
export const RULES_FILE = 'falco/values.yaml';
export const TOKEN = 'ghp_rollout_test_token';
export const SECRET = 'rollout-webhook-secret';
export const WORKFLOW = 'Falco rules';

export const SEED = readFileSync(
  resolve(process.cwd(), '../shared/fixtures/rules-repo/values-seed.yaml'),
  'utf8',
);

export const TITANAGENT: RulesChange = { kind: 'list', list: 'hids_binaries', items: ['titanagent'] };

export async function startFakeGitHub(now?: () => number): Promise<FakeGitHub> {
  const fake = await startValidatingFake({ validateResponses: true, ...(now === undefined ? {} : { now }) });
  fake.addToken(TOKEN, { login: 'falco-triage-bot' });
  fake.createRepo(OWNER, NAME, { files: { [RULES_FILE]: SEED } });
  return fake;
}

export function repoFor(fake: FakeGitHub): GitHubRepo {
  return createGitHubRepo(
    {
      apiUrl: fake.url,
      owner: OWNER,
      repo: NAME,
      baseBranch: 'main',
      auth: { kind: 'token', token: TOKEN },
    },
    { throttle: false, retries: 0 },
  );
}

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

export interface OpenedException {
  readonly proposal: Proposal;
  readonly number: number;
  readonly annotation: string;
}

/** A proposal whose pull request is open, with `change` applied on its branch (as the proposal flow leaves it). */
export async function openException(
  store: Store,
  repo: GitHubRepo,
  options: {
    change?: RulesChange;
    exceptionExpiresAt?: Date;
    groupId?: string | null;
    /** Recorded as the bot's own branch (its commit and base), as pull requests opened since the bot keeps them. */
    owned?: boolean;
  } = {},
): Promise<OpenedException> {
  const change = options.change ?? TITANAGENT;
  const now = new Date();
  const id = newId(now.getTime());
  const expires = options.exceptionExpiresAt ?? null;
  const annotation = `falco-triage proposal ${id}${expires === null ? '' : `, expires ${expires.toISOString().slice(0, 10)}`}`;
  const yaml = renderItem(change, 'override', annotation);
  const created = await store.proposals.create({
    id,
    alertId: newId(now.getTime()),
    groupId: options.groupId === undefined ? newId(now.getTime()) : options.groupId,
    rule: 'Read sensitive file untrusted',
    strategy: change.kind === 'condition' ? 'exception' : change.kind,
    // The proposal flow's stored shape (src/triage/proposals.ts `StoredException`): no change, only the choice.
    exception: {
      selection: { fields: [], strategyId: change.kind },
      target: change.kind === 'list' ? change.list : change.kind === 'macro' ? change.macro : change.rule,
      predicate: 'proc.name = titanagent',
      alsoAffects: [],
      fields: change.kind === 'exception' ? [...change.fields] : ['proc.name'],
      annotation,
      falcoVersion: '0.44.1',
    },
    yaml,
    justification: 'titanagent is our HIDS agent; it reads /etc/shadow by design',
    exceptionExpiresAt: expires,
    proposer: 'U0PROPOSER',
    impact: null,
    equivalenceKey: `eq-${id}`,
    expiresAt: new Date(now.getTime() + 86_400_000),
    createdAt: now,
    slackChannel: 'C0ALERTS01',
    slackThreadTs: '1700000000.000100',
  });
  if (!created.created) throw new Error('proposal not created');
  const branch = exceptionBranch(id);
  const base = unwrap(await repo.branchHead('main'));
  unwrap(await repo.resetBranch(branch, base));
  const file = unwrap(await repo.readFile(RULES_FILE, branch));
  const edited = applyChange(file?.content ?? '', { change, yaml, annotation });
  if (!edited.ok) throw new Error(edited.error.message);
  const { commitSha } = unwrap(
    await repo.writeFile({
      branch,
      path: RULES_FILE,
      content: edited.value.text,
      expectedSha: file?.sha,
      message: 'Except titanagent',
    }),
  );
  const pr = unwrap(
    await repo.openPullRequest({
      branch,
      title: 'Falco exception: Read sensitive file untrusted (titanagent)',
      body: `Evidence…\n\n${proposalMarker(id)}`,
      labels: ['falco-exception'],
      reviewers: [],
    }),
  );
  const approved = await store.proposals.transition({ id, from: ['pending'], to: 'approved', now });
  if (!approved.ok) throw new Error('approve failed');
  const open = await store.proposals.transition({
    id,
    from: ['approved'],
    to: 'pr_open',
    now,
    patch: {
      prNumber: pr.number,
      prUrl: pr.url,
      branch,
      ...(options.owned === true ? { prBaseSha: base, prBotCommits: [commitSha] } : {}),
    },
  });
  if (!open.ok) throw new Error('pr_open failed');
  return { proposal: open.value, number: pr.number, annotation };
}

/** Thread notes queued for a proposal, oldest first, as Slack will show them. */
export async function threadNotes(store: Store, proposalId: string): Promise<string[]> {
  const jobs = await store.outbox.list('pending', 1000);
  return jobs
    .filter((job) => job.kind === JOB_THREAD_NOTE && job.payload['proposalId'] === proposalId)
    .sort((a, b) => a.id - b.id)
    .map((job) => threadReplyMessage(threadReplyOf(job.payload)).text);
}

/** The reply the note job will post (src/triage/proposals/proposal-jobs.ts). */
function threadReplyOf(payload: unknown): ThreadReply {
  const parsed = threadNotePayload.parse(payload);
  return 'note' in parsed ? { kind: 'note', note: parsed.note } : { kind: 'text', text: parsed.text };
}

export async function statusOf(store: Store, proposalId: string): Promise<Proposal> {
  const proposal = await store.proposals.get(proposalId);
  if (proposal === undefined) throw new Error(`no proposal ${proposalId}`);
  return proposal;
}
