import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sign } from '@octokit/webhooks-methods';
import { createHmac } from 'node:crypto';
import {
  parseWebhook,
  type WebhookEvent,
  type WebhookHeaders,
} from '../../../src/github/webhook-signature.js';
import type { FakeGitHub } from '../../../src/stand-ins/github/index.js';
import {
  pullRequestEvent,
  workflowRunEvent,
  type WebhookEvent as FakeEvent,
} from '../../../src/stand-ins/github/index.js';
import { startFakeGitHub } from '../../helpers/fake-github.js';

const SECRET = 'webhook-secret-for-tests';
const REPO = 'acme/falco-rules';

/** A delivery as GitHub sends it: the exact body and its headers. */
async function delivery(event: { name: string; payload: unknown }, secret = SECRET) {
  const body = JSON.stringify(event.payload);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-github-event': event.name,
    'x-github-delivery': 'd-1',
    'x-hub-signature-256': await sign(secret, body),
  };
  return { body, headers };
}

async function accepted(event: { name: string; payload: unknown }): Promise<WebhookEvent> {
  const { body, headers } = await delivery(event);
  const parsed = await parseWebhook(headers, body, SECRET);
  if (!parsed.ok) throw new Error(`rejected: ${parsed.error.status} ${parsed.error.message}`);
  return parsed.value;
}

async function rejected(headers: WebhookHeaders, body: string | Uint8Array) {
  const parsed = await parseWebhook(headers, body, SECRET);
  if (parsed.ok) throw new Error(`accepted: ${JSON.stringify(parsed.value)}`);
  return parsed.error;
}

describe('parseWebhook', () => {
  let fake: FakeGitHub;
  let merged: FakeEvent;
  let number: number;
  let mergeSha: string;
  beforeAll(async () => {
    fake = await startFakeGitHub();
    fake.createRepo('acme', 'falco-rules', { files: { 'falco/values.yaml': 'customRules: {}\n' } });
    fake.createBranch(REPO, 'falco-triage/p1');
    fake.setFile(REPO, 'falco-triage/p1', 'falco/values.yaml', 'customRules: {x: 1}\n');
    fake.addToken('t');
    const response = await fetch(`${fake.url}/repos/acme/falco-rules/pulls`, {
      method: 'POST',
      headers: { authorization: 'token t', 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Except', head: 'falco-triage/p1', base: 'main', body: 'marker' }),
    });
    number = ((await response.json()) as { number: number }).number;
    mergeSha = fake.mergePull(REPO, number, { mergedBy: 'alice' });
    merged = pullRequestEvent(fake, { repo: REPO, number, action: 'closed' });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('accepts a signed pull_request.closed and reads the merge', async () => {
    expect(await accepted(merged)).toEqual({
      kind: 'pull_request',
      deliveryId: 'd-1',
      action: 'closed',
      repository: REPO,
      installationId: undefined,
      baseBranch: 'main',
      pullRequest: {
        number,
        url: `https://github.com/${REPO}/pull/${number}`,
        branch: 'falco-triage/p1',
        state: 'closed',
        merged: true,
        mergeCommitSha: mergeSha,
        headSha: fake.pull(REPO, number).head.sha,
        mergedBy: 'alice',
        mergedAt: expect.any(String),
        body: 'marker',
        updatedAt: expect.any(String),
      },
    });
  });

  it('reads a completed workflow run, and ignores one still running', async () => {
    const run = fake.createWorkflowRun(REPO, {
      name: 'Falco rules',
      event: 'push',
      status: 'completed',
      conclusion: 'failure',
    });
    const event = await accepted(workflowRunEvent(fake, { repo: REPO, runId: run.id, installationId: 9 }));
    expect(event).toMatchObject({
      kind: 'workflow_run',
      action: 'completed',
      repository: REPO,
      installationId: 9,
      workflowPath: run.path,
      run: {
        id: run.id,
        number: run.runNumber,
        name: 'Falco rules',
        event: 'push',
        headSha: mergeSha,
        status: 'completed',
        conclusion: 'failure',
        url: run.htmlUrl,
      },
    });
    const running = fake.createWorkflowRun(REPO, { name: 'Falco rules', status: 'in_progress' });
    expect(await accepted(workflowRunEvent(fake, { repo: REPO, runId: running.id }))).toMatchObject({
      kind: 'ignored',
      event: 'workflow_run',
      action: 'in_progress',
    });
  });

  it('answers a ping, and ignores events and actions the bot does not follow', async () => {
    expect(
      await accepted({ name: 'ping', payload: { zen: 'Keep it logically awesome.', hook_id: 42, hook: {} } }),
    ).toEqual({
      kind: 'ping',
      deliveryId: 'd-1',
      hookId: 42,
      zen: 'Keep it logically awesome.',
    });
    expect(await accepted({ name: 'issues', payload: { action: 'opened' } })).toMatchObject({
      kind: 'ignored',
      event: 'issues',
    });
    const labeled = { name: 'pull_request', payload: { ...merged.payload, action: 'labeled' } };
    expect(await accepted(labeled)).toMatchObject({ kind: 'ignored', action: 'labeled' });
  });

  it('rejects a forged signature, a missing one, a SHA-1 one and a tampered body with 401', async () => {
    const { body, headers } = await delivery(merged);
    const forged = await delivery(merged, 'another-secret');
    expect((await rejected(forged.headers, forged.body)).status).toBe(401);

    const { ['x-hub-signature-256']: _dropped, ...unsigned } = headers;
    expect(await rejected(unsigned, body)).toMatchObject({
      status: 401,
      message: expect.stringContaining('missing X-Hub-Signature-256'),
    });

    const sha1 = `sha1=${createHmac('sha1', SECRET).update(body).digest('hex')}`;
    expect((await rejected({ ...unsigned, 'x-hub-signature': sha1 }, body)).status).toBe(401);
    expect((await rejected({ ...headers, 'x-hub-signature-256': 'sha256=nothex' }, body)).status).toBe(401);

    const tampered = body.replace('"merged":true', '"merged":false');
    expect(tampered).not.toBe(body);
    expect(await rejected(headers, tampered)).toMatchObject({
      status: 401,
      message: expect.stringContaining('does not match'),
    });
    expect((await parseWebhook(headers, body, '')).ok).toBe(false);
  });

  it('verifies the exact bytes: a Buffer body, any header case, array header values', async () => {
    const { body, headers } = await delivery(merged);
    const shouting = Object.fromEntries(
      Object.entries(headers).map(([key, value]) => [key.toUpperCase(), [value]]),
    );
    const parsed = await parseWebhook(shouting, Buffer.from(body, 'utf8'), SECRET);
    expect(parsed.ok && parsed.value.kind).toBe('pull_request');
    const reformatted = JSON.stringify(merged.payload, null, 2);
    expect((await rejected(headers, reformatted)).status).toBe(401);
  });

  it('reads form-encoded deliveries', async () => {
    const body = new URLSearchParams({ payload: JSON.stringify(merged.payload) }).toString();
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      'x-github-event': 'pull_request',
      'x-hub-signature-256': await sign(SECRET, body),
    };
    const parsed = await parseWebhook(headers, body, SECRET);
    expect(parsed.ok && parsed.value.kind).toBe('pull_request');
  });

  it('answers 400 to a signed delivery that is not a valid payload', async () => {
    const signed = async (name: string | undefined, body: string) => {
      const headers: Record<string, string> = { 'x-hub-signature-256': await sign(SECRET, body) };
      if (name !== undefined) headers['x-github-event'] = name;
      return rejected(headers, body);
    };
    expect(await signed('pull_request', '{not json')).toMatchObject({
      status: 400,
      message: expect.stringContaining('not JSON'),
    });
    expect((await signed(undefined, JSON.stringify(merged.payload))).status).toBe(400);
    const broken = structuredClone(merged.payload) as { pull_request: { head: Record<string, unknown> } };
    delete broken.pull_request.head['sha'];
    expect(await signed('pull_request', JSON.stringify(broken))).toMatchObject({
      status: 400,
      message: expect.stringContaining('pull_request.head.sha'),
    });
  });

  it('ignores deliveries about other repositories and pull requests from forks', async () => {
    const { body, headers } = await delivery(merged);
    const elsewhere = await parseWebhook(headers, body, SECRET, { repository: 'acme/other' });
    expect(elsewhere.ok && elsewhere.value).toMatchObject({
      kind: 'ignored',
      reason: expect.stringContaining('acme/other'),
    });
    const same = await parseWebhook(headers, body, SECRET, { repository: 'ACME/falco-rules' });
    expect(same.ok && same.value.kind).toBe('pull_request');

    const fork = structuredClone(merged.payload) as {
      pull_request: { head: { repo: { full_name: string } } };
    };
    fork.pull_request.head.repo.full_name = 'mallory/falco-rules';
    expect(await accepted({ name: 'pull_request', payload: fork })).toMatchObject({
      kind: 'ignored',
      reason: expect.stringContaining('fork'),
    });
  });
});
