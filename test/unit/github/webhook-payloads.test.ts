import { describe, expect, it } from '@jest/globals';
import { sign } from '@octokit/webhooks-methods';
import { parseWebhook } from '../../../src/github/webhook-signature.js';
import { pullRequestEvent, pushEvent, pushProblems } from '../../../src/stand-ins/github/index.js';
import { githubSchemas, startFakeGitHub, webhookExamples as examplesOf } from '../../helpers/fake-github.js';

async function parse(name: string, payload: unknown) {
  const body = JSON.stringify(payload);
  const headers = { 'x-github-event': name, 'x-hub-signature-256': await sign('s', body) };
  return parseWebhook(headers, body, 's');
}

describe('webhook payloads GitHub really sends', () => {
  it.each(examplesOf('pull_request').map((payload) => [payload['action'], payload] as const))(
    'pull_request.%s parses, or is ignored',
    async (action, payload) => {
      const parsed = await parse('pull_request', payload);
      if (!parsed.ok) throw new Error(parsed.error.message);
      const followed = action === 'closed' || action === 'reopened' || action === 'synchronize';
      expect(parsed.value.kind).toBe(followed ? 'pull_request' : 'ignored');
      if (parsed.value.kind === 'pull_request') {
        const pull = payload['pull_request'] as {
          number: number;
          head: { sha: string };
          merged: boolean | null;
        };
        expect(parsed.value.pullRequest).toMatchObject({
          number: pull.number,
          headSha: pull.head.sha,
          merged: pull.merged === true,
        });
      }
    },
  );

  it.each(examplesOf('workflow_run').map((payload) => [payload['action'], payload] as const))(
    'workflow_run.%s parses, or is ignored',
    async (action, payload) => {
      const parsed = await parse('workflow_run', payload);
      if (!parsed.ok) throw new Error(parsed.error.message);
      expect(parsed.value.kind).toBe(action === 'completed' ? 'workflow_run' : 'ignored');
      if (parsed.value.kind === 'workflow_run') {
        const run = payload['workflow_run'] as { id: number; conclusion: string | null };
        expect(parsed.value.run).toMatchObject({ id: run.id, conclusion: run.conclusion });
      }
    },
  );

  it.each(examplesOf('push').map((payload, index) => [index, String(payload['ref']), payload] as const))(
    'push example %i (%s) reads as a push to a branch, or is ignored',
    async (_, ref, payload) => {
      const parsed = await parse('push', payload);
      if (!parsed.ok) throw new Error(parsed.error.message);
      const branch = ref.startsWith('refs/heads/') && payload['deleted'] !== true;
      expect(parsed.value).toMatchObject(
        branch
          ? { kind: 'push', branch: ref.slice('refs/heads/'.length), after: payload['after'] }
          : { kind: 'ignored', event: 'push' },
      );
    },
  );

  it.each(examplesOf('ping').map((payload, index) => [index, payload] as const))(
    'ping example %i parses',
    async (_, payload) => {
      expect((await parse('ping', payload)).ok && 'parsed').toBe('parsed');
    },
  );

  it("reads the fake's pushes: a new branch, a commit, a force update back to the base, a deleted branch", async () => {
    const fake = await startFakeGitHub();
    try {
      fake.createRepo('acme', 'rules', { files: { 'a.txt': 'a' } });
      const main = fake.branches('acme/rules')['main'] ?? '';
      fake.createBranch('acme/rules', 'falco-triage/p');
      const commit = fake.setFile('acme/rules', 'falco-triage/p', 'a.txt', 'b');
      const push = (before: string | undefined, after: string | undefined) =>
        pushEvent(fake, { repo: 'acme/rules', branch: 'falco-triage/p', before, after, sender: 'alice' })
          .payload;
      const created = push(undefined, main);
      const committed = push(main, commit);
      const forced = push(commit, main);
      const deleted = push(main, undefined);
      for (const payload of [created, committed, forced, deleted])
        expect(pushProblems(payload, githubSchemas().pushExample ?? {})).toEqual([]);
      expect(created).toMatchObject({ created: true, forced: false, commits: [] });
      expect(committed).toMatchObject({
        created: false,
        forced: false,
        commits: [{ id: commit, modified: ['a.txt'] }],
        head_commit: { id: commit },
        pusher: { name: 'alice' },
      });
      expect(forced).toMatchObject({ forced: true, after: main, commits: [] });
      expect(deleted).toMatchObject({ deleted: true, head_commit: null });
      expect((await parse('push', committed)).ok && (await parse('push', committed))).toMatchObject({
        value: { kind: 'push', branch: 'falco-triage/p', after: commit, repository: 'acme/rules' },
      });
      expect(await parse('push', deleted)).toMatchObject({ ok: true, value: { kind: 'ignored' } });
    } finally {
      await fake.close();
    }
  });

  it('reads every followed pull_request action of the fake, unmerged close included', async () => {
    const fake = await startFakeGitHub();
    try {
      fake.createRepo('acme', 'rules', { files: { 'a.txt': 'a' } });
      fake.addToken('t');
      fake.createBranch('acme/rules', 'falco-triage/p');
      fake.setFile('acme/rules', 'falco-triage/p', 'a.txt', 'b');
      const created = await fetch(`${fake.url}/repos/acme/rules/pulls`, {
        method: 'POST',
        headers: { authorization: 'token t', 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'x', head: 'falco-triage/p', base: 'main' }),
      });
      const { number } = (await created.json()) as { number: number };
      fake.setFile('acme/rules', 'falco-triage/p', 'a.txt', 'c');
      const sync = await parse(
        'pull_request',
        pullRequestEvent(fake, { repo: 'acme/rules', number, action: 'synchronize' }).payload,
      );
      expect(sync.ok && sync.value).toMatchObject({
        kind: 'pull_request',
        action: 'synchronize',
        pullRequest: {
          state: 'open',
          merged: false,
          headSha: fake.pull('acme/rules', number).head.sha,
          body: '',
        },
      });
      fake.closePull('acme/rules', number);
      const closed = await parse(
        'pull_request',
        pullRequestEvent(fake, { repo: 'acme/rules', number, action: 'closed' }).payload,
      );
      expect(closed.ok && closed.value).toMatchObject({
        action: 'closed',
        pullRequest: { state: 'closed', merged: false, mergeCommitSha: null, mergedBy: null },
      });
      fake.reopenPull('acme/rules', number);
      const reopened = await parse(
        'pull_request',
        pullRequestEvent(fake, { repo: 'acme/rules', number, action: 'reopened' }).payload,
      );
      expect(reopened.ok && reopened.value).toMatchObject({
        action: 'reopened',
        pullRequest: { state: 'open' },
      });
    } finally {
      await fake.close();
    }
  });
});
