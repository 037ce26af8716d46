/**
 * Webhooks through the real route, the GitHub adapter's signature check and the rollout, against a real store:
 * payloads are built by the fake GitHub from its state and validated against GitHub's webhook schemas.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { parseWebhook } from '../../../../src/github/index.js';
import { githubWebhookRoute } from '../../../../src/http/github-webhook-route.js';
import { createHttpServer, type HttpServer } from '../../../../src/http/server.js';
import { silentLogger } from '../../../../src/logger.js';
import type { Store } from '../../../../src/store/store.js';
import { createRollout } from '../../../../src/triage/rollout/rollout.js';
import { JOB_PR_REFRESH } from '../../../../src/triage/jobs/index.js';
import { JOB_RECONCILE } from '../../../../src/triage/rollout/rollout-jobs.js';
import {
  pullRequestEvent,
  pushEvent,
  sendWebhook,
  workflowRunEvent,
  type FakeGitHub,
} from '../../../../src/stand-ins/github/index.js';
import { storeTestEnv } from '../../../helpers/store.js';
import {
  openException,
  REPO,
  RULES_FILE,
  repoFor,
  SECRET,
  startFakeGitHub,
  statusOf,
  threadNotes,
  WORKFLOW,
} from './rollout-fixture.js';

describe('GitHub webhooks move exceptions through the rollout', () => {
  const env = storeTestEnv('pglite');
  let store: Store;
  let fake: FakeGitHub;
  let server: HttpServer;
  let url: string;

  async function serve(secret: string | undefined): Promise<void> {
    const rollout = createRollout({
      store,
      clock: { now: () => new Date() },
      logger: silentLogger,
      deployWorkflow: WORKFLOW,
      baseBranch: 'main',
    });
    const route = githubWebhookRoute({
      parse:
        secret === undefined
          ? undefined
          : (headers, raw) => parseWebhook(headers, raw, secret, { repository: REPO }),
      handle: (event) => rollout.handle(event),
      logger: silentLogger,
    });
    server = createHttpServer([route], silentLogger);
    url = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}/github/webhook`;
  }

  beforeEach(async () => {
    store = await env.fresh();
    fake = await startFakeGitHub();
    await serve(SECRET);
  });

  afterEach(async () => {
    await server.close();
    await fake.close();
  });

  const merged = (number: number) => pullRequestEvent(fake, { repo: REPO, number, action: 'closed' });

  it('merge, then a successful deploy run: thread notes, badge updates and the proposal deployed', async () => {
    const { proposal, number } = await openException(store, repoFor(fake));
    const mergeSha = fake.mergePull(REPO, number, { mergedBy: 'alice' });

    const answer = await sendWebhook(url, merged(number), { secret: SECRET, deliveryId: 'd-merge' });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ result: { outcome: 'changed', status: 'merged' } });
    const afterMerge = await statusOf(store, proposal.id);
    expect(afterMerge).toMatchObject({
      status: 'merged',
      mergeCommitSha: mergeSha,
      statusReason: `merged (#${number}) by @alice`,
    });
    const prLink = `<https://github.com/${REPO}/pull/${number}|#${number}>`;
    expect(await threadNotes(store, proposal.id)).toEqual([
      `Pull request ${prLink} was merged by @alice; waiting for the deploy.`,
    ]);
    const kinds = (await store.outbox.list('pending')).map((job) => job.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['slack.proposal.update', 'slack.group.update', 'slack.thread.note']),
    );
    expect((await store.audit.forSubject('proposal', proposal.id)).map((e) => e.action)).toContain(
      'proposal.pr_merged',
    );

    // Redelivered (same delivery id) and delivered twice (new id): nothing changes, no second note.
    const again = await sendWebhook(url, merged(number), { secret: SECRET, deliveryId: 'd-merge' });
    expect(JSON.parse(again.body)).toMatchObject({ duplicate: true });
    const twice = await sendWebhook(url, merged(number), { secret: SECRET });
    expect(JSON.parse(twice.body)).toMatchObject({ result: { outcome: 'unchanged', status: 'merged' } });
    expect(await threadNotes(store, proposal.id)).toHaveLength(1);

    const run = fake.createWorkflowRun(REPO, {
      name: WORKFLOW,
      event: 'push',
      headSha: mergeSha,
      status: 'completed',
      conclusion: 'success',
    });
    await sendWebhook(url, workflowRunEvent(fake, { repo: REPO, runId: run.id }), { secret: SECRET });
    expect(await statusOf(store, proposal.id)).toMatchObject({
      status: 'deployed',
      deployRunId: run.id,
      deployRunNumber: run.runNumber,
      deployRunUrl: run.htmlUrl,
      statusReason: `deployed by run #${run.runNumber}`,
    });
    expect((await threadNotes(store, proposal.id))[1]).toBe(
      `Exception deployed by run <${run.htmlUrl}|#${run.runNumber}>.`,
    );
  });

  it('reports a failed deploy, then the successful re-run', async () => {
    const { proposal, number } = await openException(store, repoFor(fake));
    const mergeSha = fake.mergePull(REPO, number, { mergedBy: 'alice' });
    await sendWebhook(url, merged(number), { secret: SECRET });
    const failed = fake.createWorkflowRun(REPO, {
      name: WORKFLOW,
      headSha: mergeSha,
      status: 'completed',
      conclusion: 'failure',
    });
    await sendWebhook(url, workflowRunEvent(fake, { repo: REPO, runId: failed.id }), { secret: SECRET });
    expect(await statusOf(store, proposal.id)).toMatchObject({
      status: 'deploy_failed',
      deployRunId: failed.id,
      statusReason: `deploy run #${failed.runNumber} failed`,
    });
    expect((await threadNotes(store, proposal.id))[1]).toBe(
      `The deploy run <${failed.htmlUrl}|#${failed.runNumber}> failed (<${failed.htmlUrl}|see the run>). The exception is merged but not live.`,
    );
    const rerun = fake.createWorkflowRun(REPO, {
      name: WORKFLOW,
      event: 'workflow_dispatch',
      headSha: mergeSha,
      status: 'completed',
      conclusion: 'success',
    });
    await sendWebhook(url, workflowRunEvent(fake, { repo: REPO, runId: rerun.id }), { secret: SECRET });
    expect(await statusOf(store, proposal.id)).toMatchObject({ status: 'deployed', deployRunId: rerun.id });
  });

  it('ignores runs that are no deploys, and asks for a reconcile pass when a run may deploy other merges', async () => {
    const first = await openException(store, repoFor(fake));
    const firstSha = fake.mergePull(REPO, first.number);
    await sendWebhook(url, merged(first.number), { secret: SECRET });
    // Opened on the merged base: from the same base as the first, GitHub would refuse its merge (a conflict).
    const second = await openException(store, repoFor(fake), {
      change: { kind: 'list', list: 'hids_binaries', items: ['ossec'] },
    });
    const prRun = fake.createWorkflowRun(REPO, {
      name: WORKFLOW,
      event: 'pull_request',
      headBranch: first.proposal.branch ?? '',
      headSha: fake.pull(REPO, first.number).head.sha,
      status: 'completed',
      conclusion: 'success',
    });
    const other = fake.createWorkflowRun(REPO, {
      name: 'Docs',
      headSha: firstSha,
      status: 'completed',
      conclusion: 'success',
    });
    for (const run of [prRun, other]) {
      const answer = await sendWebhook(url, workflowRunEvent(fake, { repo: REPO, runId: run.id }), {
        secret: SECRET,
      });
      expect(JSON.parse(answer.body)).toMatchObject({ result: { outcome: 'ignored' } });
    }
    expect((await statusOf(store, first.proposal.id)).status).toBe('merged');

    fake.mergePull(REPO, second.number);
    const later = fake.createWorkflowRun(REPO, {
      name: WORKFLOW,
      status: 'completed',
      conclusion: 'success',
    });
    await sendWebhook(url, workflowRunEvent(fake, { repo: REPO, runId: later.id }), { secret: SECRET });
    // The run is for the second merge's commit; the first proposal's fate needs the run list: a pass is queued.
    const pending = await store.outbox.list('pending', 1000);
    expect(pending.filter((job) => job.kind === JOB_RECONCILE)).toHaveLength(1);
  });

  it('a push to the base branch or a merge into it queues the refresh pass; a push elsewhere does not', async () => {
    const refreshJobs = async () =>
      (await store.outbox.list('pending', 1000)).filter((job) => job.kind === JOB_PR_REFRESH);
    const before = fake.branches(REPO)['main'];
    const after = fake.setFile(REPO, 'main', 'README.md', '# rules\n', { author: 'alice' });
    const push = (branch: string, from: string | undefined, to: string) =>
      sendWebhook(url, pushEvent(fake, { repo: REPO, branch, before: from, after: to, sender: 'alice' }), {
        secret: SECRET,
      });

    fake.createBranch(REPO, 'docs');
    const elsewhere = await push('docs', undefined, after);
    expect(JSON.parse(elsewhere.body)).toMatchObject({
      result: { outcome: 'ignored', detail: 'push to docs' },
    });
    expect(await refreshJobs()).toEqual([]);
    expect((await push('main', before, after)).status).toBe(200);
    expect(await refreshJobs()).toHaveLength(1);

    const { number } = await openException(store, repoFor(fake), { owned: true });
    fake.mergePull(REPO, number);
    await sendWebhook(url, merged(number), { secret: SECRET });
    // Folded into the pending pass.
    expect(await refreshJobs()).toHaveLength(1);
  });

  it("a synchronize to the bot's own commit changes nothing; to a person's, the bot leaves the branch to people", async () => {
    const { proposal, number } = await openException(store, repoFor(fake), { owned: true });
    const own = await sendWebhook(
      url,
      pullRequestEvent(fake, { repo: REPO, number, action: 'synchronize' }),
      { secret: SECRET },
    );
    expect(JSON.parse(own.body)).toMatchObject({
      result: { outcome: 'unchanged', detail: "the bot's own commit" },
    });

    const branch = proposal.branch ?? '';
    const pushed = fake.setFile(REPO, branch, RULES_FILE, 'customRules: {}\n', { author: 'carol' });
    const sync = pullRequestEvent(fake, { repo: REPO, number, action: 'synchronize' });
    const answer = await sendWebhook(url, sync, { secret: SECRET });
    expect(JSON.parse(answer.body)).toMatchObject({
      result: { outcome: 'changed', detail: 'pushed by a person' },
    });
    expect(await statusOf(store, proposal.id)).toMatchObject({
      status: 'pr_open',
      prHold: { code: 'pushed_by_person', headSha: pushed },
    });
    const notes = await threadNotes(store, proposal.id);
    expect(notes.at(-1)).toContain('falco-triage stopped keeping pull request');
    // A redelivery, or the next push of the same person, adds nothing.
    await sendWebhook(url, sync, { secret: SECRET });
    expect(await threadNotes(store, proposal.id)).toHaveLength(notes.length);
  });

  it('closed without merging, then reopened', async () => {
    const { proposal, number } = await openException(store, repoFor(fake));
    fake.closePull(REPO, number, { by: 'bob' });
    await sendWebhook(url, merged(number), { secret: SECRET });
    expect(await statusOf(store, proposal.id)).toMatchObject({ status: 'closed_unmerged' });
    fake.reopenPull(REPO, number);
    await sendWebhook(url, pullRequestEvent(fake, { repo: REPO, number, action: 'reopened' }), {
      secret: SECRET,
    });
    expect(await statusOf(store, proposal.id)).toMatchObject({ status: 'pr_open' });
    expect(await threadNotes(store, proposal.id)).toEqual([
      expect.stringContaining('was closed without merging: the exception was not added'),
      expect.stringContaining('was reopened and waits for review again'),
    ]);
  });

  it('refuses forged, unsigned and tampered deliveries with 401 and changes nothing', async () => {
    const { proposal, number } = await openException(store, repoFor(fake));
    fake.mergePull(REPO, number);
    for (const options of [
      { secret: SECRET, signature: 'forged' as const },
      { secret: SECRET, signature: 'omitted' as const },
      { secret: SECRET, tamper: (body: string) => body.replace('"merged":true', '"merged":false') },
    ]) {
      const answer = await sendWebhook(url, merged(number), options);
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body)).toMatchObject({ error: 'unauthorized' });
    }
    expect(await statusOf(store, proposal.id)).toMatchObject({
      status: 'pr_open',
      version: proposal.version,
    });
    expect(await store.outbox.list('pending')).toEqual([]);
  });

  it('answers ping, and 503 with what to set when no secret is configured', async () => {
    await server.close();
    await serve(undefined);
    const { number } = await openException(store, repoFor(fake));
    fake.mergePull(REPO, number);
    const refused = await sendWebhook(url, merged(number), { secret: SECRET });
    expect(refused.status).toBe(503);
    expect(refused.body).toContain('GITHUB_WEBHOOK_SECRET');

    await server.close();
    await serve(SECRET);
    const body = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 7 });
    const { sign } = await import('@octokit/webhooks-methods');
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'ping',
        'x-github-delivery': 'ping-1',
        'x-hub-signature-256': await sign(SECRET, body),
      },
      body,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, event: 'ping' });
  });
});
