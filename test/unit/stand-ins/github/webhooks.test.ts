import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { verify } from '@octokit/webhooks-methods';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeGitHub } from '../../../../src/stand-ins/github/fake-github.js';
import { sendWebhook } from '../../../../src/stand-ins/github/webhook-sender.js';
import { pullRequestEvent, workflowRunEvent } from '../../../../src/stand-ins/github/webhooks.js';
import { REPO, octokitFor, startFake } from './setup.js';

const SECRET = 'webhook-secret';

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A stand-in for the bot's /github/webhook endpoint that keeps what it receives. */
async function receiver(): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/github/webhook`, received, server };
}

/** A merged and an open pull request, as the bot would have made them. */
async function twoPulls(fake: FakeGitHub): Promise<{ merged: number; open: number }> {
  const octokit = octokitFor(fake);
  for (const branch of ['falco-fp/a', 'falco-fp/b']) {
    fake.createBranch(REPO, branch);
    fake.setFile(REPO, branch, `${branch}.txt`, branch, { author: 'falco-triage-bot' });
  }
  const a = await octokit.rest.pulls.create({
    owner: 'acme',
    repo: 'falco-rules',
    head: 'falco-fp/a',
    base: 'main',
    title: 'A',
  });
  const b = await octokit.rest.pulls.create({
    owner: 'acme',
    repo: 'falco-rules',
    head: 'falco-fp/b',
    base: 'main',
    title: 'B',
  });
  fake.mergePull(REPO, a.data.number, { mergedBy: 'alice' });
  return { merged: a.data.number, open: b.data.number };
}

describe('webhook payloads', () => {
  let fake: FakeGitHub;
  beforeEach(async () => {
    fake = await startFake();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('builds pull_request closed (merged and unmerged), reopened, synchronize and opened from the fake state', async () => {
    const { merged, open } = await twoPulls(fake);
    const mergedPull = fake.pull(REPO, merged);

    const closed = pullRequestEvent(fake, {
      repo: REPO,
      number: merged,
      action: 'closed',
      installationId: 7,
    });
    expect(closed.payload).toMatchObject({
      action: 'closed',
      number: merged,
      installation: { id: 7 },
      sender: { login: 'alice' },
      repository: { full_name: REPO, default_branch: 'main' },
      organization: { login: 'acme' },
      pull_request: {
        merged: true,
        merge_commit_sha: mergedPull.mergeCommitSha,
        head: { ref: 'falco-fp/a', sha: mergedPull.head.sha },
        html_url: mergedPull.htmlUrl,
        merged_by: { login: 'alice' },
      },
    });

    expect(pullRequestEvent(fake, { repo: REPO, number: open, action: 'opened' }).payload['action']).toBe(
      'opened',
    );
    const before = fake.pull(REPO, open).head.sha;
    const after = fake.setFile(REPO, 'falco-fp/b', 'more.txt', 'more');
    const sync = pullRequestEvent(fake, { repo: REPO, number: open, action: 'synchronize', before });
    expect(sync.payload).toMatchObject({ before, after, pull_request: { head: { sha: after } } });

    fake.closePull(REPO, open, { by: 'bob' });
    const unmerged = pullRequestEvent(fake, { repo: REPO, number: open, action: 'closed', sender: 'bob' });
    expect(unmerged.payload).toMatchObject({
      pull_request: { merged: false, merge_commit_sha: null },
      sender: { login: 'bob' },
    });
    fake.reopenPull(REPO, open);
    expect(pullRequestEvent(fake, { repo: REPO, number: open, action: 'reopened' }).payload).toMatchObject({
      pull_request: { state: 'open' },
    });
  });

  it('refuses an action that contradicts the pull request state', async () => {
    const { merged } = await twoPulls(fake);
    expect(() => pullRequestEvent(fake, { repo: REPO, number: merged, action: 'reopened' })).toThrow(
      'is closed',
    );
  });

  it('builds workflow_run requested, in_progress and completed (success, failure)', () => {
    const run = fake.createWorkflowRun(REPO, {
      name: 'Deploy Falco rules',
      displayTitle: 'Merge pull request #1',
    });
    const requested = workflowRunEvent(fake, { repo: REPO, runId: run.id });
    expect(requested.payload).toMatchObject({
      action: 'requested',
      workflow_run: { status: 'queued', conclusion: null },
    });

    fake.updateWorkflowRun(REPO, run.id, { status: 'in_progress' });
    expect(workflowRunEvent(fake, { repo: REPO, runId: run.id }).payload).toMatchObject({
      action: 'in_progress',
    });
    expect(() => workflowRunEvent(fake, { repo: REPO, runId: run.id, action: 'completed' })).toThrow(
      'in_progress',
    );

    fake.updateWorkflowRun(REPO, run.id, { status: 'completed', conclusion: 'success' });
    const done = workflowRunEvent(fake, { repo: REPO, runId: run.id });
    expect(done.payload).toMatchObject({
      action: 'completed',
      workflow: { name: 'Deploy Falco rules', path: '.github/workflows/deploy-falco-rules.yml' },
      workflow_run: {
        id: run.id,
        name: 'Deploy Falco rules',
        run_number: 1,
        conclusion: 'success',
        head_sha: fake.branches(REPO)['main'],
        html_url: run.htmlUrl,
        display_title: 'Merge pull request #1',
      },
    });
    const failed = fake.createWorkflowRun(REPO, {
      name: 'Deploy Falco rules',
      status: 'completed',
      conclusion: 'failure',
    });
    expect(workflowRunEvent(fake, { repo: REPO, runId: failed.id }).payload).toMatchObject({
      workflow_run: { conclusion: 'failure', run_number: 2 },
    });
  });

  it('validates payloads against webhooks.subset.json', async () => {
    const { merged } = await twoPulls(fake);
    const { payload } = pullRequestEvent(fake, { repo: REPO, number: merged, action: 'closed' });
    const webhookProblems = fake.validation?.webhookProblems.bind(fake.validation);
    expect(webhookProblems?.('pull_request', 'closed', payload)).toEqual([]);
    const broken = { ...payload, number: 'one', pull_request: undefined };
    expect(webhookProblems?.('pull_request', 'closed', broken)).toEqual(
      expect.arrayContaining([
        "payload must have required property 'pull_request'",
        'payload/number must be integer',
      ]),
    );
  });
});

describe('webhook delivery', () => {
  let fake: FakeGitHub;
  let bot: Awaited<ReturnType<typeof receiver>>;
  beforeEach(async () => {
    fake = await startFake();
    bot = await receiver();
  });
  afterEach(async () => {
    await fake.close();
    await new Promise<void>((resolve) => bot.server.close(() => resolve()));
  });

  it('signs the raw body so @octokit/webhooks-methods verify accepts it; forged, omitted and tampered fail', async () => {
    const run = fake.createWorkflowRun(REPO, { name: 'Deploy', status: 'completed', conclusion: 'success' });
    const event = workflowRunEvent(fake, { repo: REPO, runId: run.id });

    const sent = await sendWebhook(bot.url, event, { secret: SECRET });
    await sendWebhook(bot.url, event, { secret: SECRET, signature: 'forged' });
    await sendWebhook(bot.url, event, { secret: SECRET, signature: 'omitted' });
    await sendWebhook(bot.url, event, {
      secret: SECRET,
      tamper: (body) => body.replace('"success"', '"failure"'),
    });

    expect(sent.status).toBe(202);
    const [valid, forged, omitted, tampered] = bot.received;
    expect(valid?.headers).toMatchObject({
      'x-github-event': 'workflow_run',
      'x-github-delivery': sent.deliveryId,
    });
    const check = (r: Received | undefined) =>
      verify(SECRET, r?.body ?? '', String(r?.headers['x-hub-signature-256']));
    expect(await check(valid)).toBe(true);
    expect(await check(forged)).toBe(false);
    expect(omitted?.headers['x-hub-signature-256']).toBeUndefined();
    expect(await check(tampered)).toBe(false);
  });

  it('delivers state changes automatically once a target is set', async () => {
    fake.deliverWebhooksTo({ url: bot.url, secret: SECRET, installationId: 9 });
    const { merged } = await twoPulls(fake);
    fake.createWorkflowRun(REPO, { name: 'Deploy', status: 'completed', conclusion: 'success' });

    // Each branch created and committed to, then the merge moving main: five pushes besides the five events.
    await fake.waitFor(() => fake.deliveries().filter((d) => d.status === 202).length === 10);
    const pushes = bot.received
      .filter((r) => r.headers['x-github-event'] === 'push')
      .map((r) => JSON.parse(r.body) as { ref: string; created: boolean; forced: boolean });
    expect(pushes.map((push) => [push.ref, push.created])).toEqual(
      expect.arrayContaining([
        ['refs/heads/falco-fp/a', true],
        ['refs/heads/falco-fp/b', false],
        ['refs/heads/main', false],
      ]),
    );
    expect(pushes).toHaveLength(5);
    const others = bot.received.filter((r) => r.headers['x-github-event'] !== 'push');
    const kinds = others.map(
      (r) => `${String(r.headers['x-github-event'])}.${(JSON.parse(r.body) as { action: string }).action}`,
    );
    expect(kinds).toEqual([
      'pull_request.opened',
      'pull_request.opened',
      'pull_request.closed',
      'workflow_run.requested',
      'workflow_run.completed',
    ]);
    const closed = JSON.parse(others[2]?.body ?? '{}') as {
      number: number;
      installation: { id: number };
    };
    expect(closed).toMatchObject({ number: merged, installation: { id: 9 } });
    expect(
      await verify(SECRET, others[2]?.body ?? '', String(others[2]?.headers['x-hub-signature-256'])),
    ).toBe(true);
  });
});
