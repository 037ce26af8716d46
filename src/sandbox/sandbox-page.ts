/**
 * The sandbox's web page and its small JSON API, on loopback only. Reads come from the stand-ins' state (what Slack
 * would show each person, what GitHub holds); every click is turned into the signed request Slack or GitHub would
 * send the bot (SignedSlackClient, the fake GitHub's merge and its webhooks). Nothing here calls into the bot.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTwoFilesPatch } from 'diff';
import { z } from 'zod';
import type { FakeGitHub } from '../stand-ins/github/index.js';
import type { FakeSlack, SignedSlackClient } from '../stand-ins/slack/index.js';
import { SANDBOX_PAGE_HTML } from './page-html.js';
import { SAMPLE_NAMES, sampleAlerts } from './sample-alerts.js';

const REPO = 'acme/falco-rules';
const CHANNEL = 'C0ALERTS01';
const RULES_FILE = 'values.yaml';
const DEPLOY_WORKFLOW = 'Falco rules';

export interface SandboxPage {
  readonly url: string;
  close(): Promise<void>;
}

const user = z.string().regex(/^U[A-Z0-9]+$/);
const requests = {
  click: z.object({
    user,
    ts: z.string(),
    actionId: z.string(),
    blockId: z.string().optional(),
    input: z.unknown().optional(),
  }),
  viewClick: z.object({
    user,
    viewId: z.string(),
    actionId: z.string(),
    blockId: z.string().optional(),
    input: z.unknown().optional(),
  }),
  submit: z.object({
    user,
    viewId: z.string(),
    values: z.record(z.string(), z.record(z.string(), z.unknown())),
  }),
  close: z.object({ user, viewId: z.string() }),
  home: z.object({ user }),
  homeClick: z.object({ user, actionId: z.string(), blockId: z.string().optional() }),
  command: z.object({ user, text: z.string().max(40_000) }),
  react: z.object({
    user,
    ts: z.string(),
    reaction: z.string().regex(/^[a-z0-9_+-]+$/),
    remove: z.boolean(),
  }),
  alerts: z.object({ sample: z.enum(SAMPLE_NAMES as [string, ...string[]]) }),
  merge: z.object({ number: z.number().int() }),
  deploy: z.object({ runId: z.number().int(), conclusion: z.enum(['success', 'failure']) }),
};

type Input = string | string[] | null;

function asInput(value: unknown): Input {
  if (typeof value === 'string' || value === null) return value;
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return null;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? {} : JSON.parse(text);
}

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = type === 'application/json' ? JSON.stringify(body) : String(body);
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' });
  res.end(text);
}

function state(slack: FakeSlack, github: FakeGitHub, me: string): unknown {
  const names = new Map(slack.workspace.users.map((person) => [person.id, person.realName ?? person.name]));
  const message = (m: {
    ts: string;
    user: string;
    content: { text: string; blocks?: unknown; attachments?: unknown };
  }) => ({
    ts: m.ts,
    user: m.user,
    userName: names.get(m.user) ?? m.user,
    text: m.content.text,
    blocks: m.content.blocks ?? null,
    attachments: m.content.attachments ?? null,
  });
  const [view] = slack.openViews(me).slice(-1);
  const pulls = github.pulls(REPO).map((pull) => {
    const before = github.file(REPO, pull.base.sha, RULES_FILE) ?? '';
    const after = github.file(REPO, pull.head.sha, RULES_FILE) ?? '';
    return {
      ...pull,
      diff: createTwoFilesPatch(`a/${RULES_FILE}`, `b/${RULES_FILE}`, before, after, '', '', { context: 3 }),
    };
  });
  return {
    me,
    channel: { id: CHANNEL, name: 'falco-alerts' },
    messages: slack.messages(CHANNEL).map((m) => ({
      ...message(m),
      replies: slack.thread(CHANNEL, m.ts).map(message),
    })),
    ephemerals: slack
      .ephemerals({ channel: CHANNEL, user: me })
      .map((e) => ({ ts: e.ts, threadTs: e.threadTs ?? null, text: e.text, blocks: e.blocks ?? null })),
    modal:
      view === undefined ? null : { id: view.id, definition: view.definition, errors: view.errors ?? null },
    home: slack.home(me)?.definition ?? null,
    pulls,
    runs: github.workflowRuns(REPO),
  };
}

export async function startSandboxPage(options: {
  readonly port: number;
  readonly slack: FakeSlack;
  readonly github: FakeGitHub;
  readonly client: SignedSlackClient;
  readonly intake: { readonly url: string; readonly token: string };
}): Promise<SandboxPage> {
  const { slack, github, client } = options;

  const post: Record<string, (body: unknown) => Promise<unknown>> = {
    async click(body) {
      const r = requests.click.parse(body);
      return (
        await client.click({
          channel: CHANNEL,
          ts: r.ts,
          actionId: r.actionId,
          user: r.user,
          ...(r.blockId === undefined ? {} : { blockId: r.blockId }),
          ...(r.input === undefined ? {} : { input: asInput(r.input) }),
        })
      ).status;
    },
    async viewClick(body) {
      const r = requests.viewClick.parse(body);
      return (
        await client.viewAction({
          viewId: r.viewId,
          actionId: r.actionId,
          user: r.user,
          ...(r.blockId === undefined ? {} : { blockId: r.blockId }),
          ...(r.input === undefined ? {} : { input: asInput(r.input) }),
        })
      ).status;
    },
    async submit(body) {
      const r = requests.submit.parse(body);
      const values: Record<string, Record<string, Input>> = {};
      for (const [blockId, actions] of Object.entries(r.values)) {
        values[blockId] = Object.fromEntries(
          Object.entries(actions).map(([id, value]) => [id, asInput(value)]),
        );
      }
      const delivery = await client.submitView({
        viewId: r.viewId,
        user: r.user,
        values: values,
      });
      return { status: delivery.status, outcome: delivery.outcome ?? null };
    },
    async close(body) {
      const r = requests.close.parse(body);
      return (await client.closeView({ viewId: r.viewId, user: r.user }))?.status ?? 200;
    },
    async home(body) {
      const r = requests.home.parse(body);
      return (
        await client.event({
          type: 'app_home_opened',
          user: r.user,
          channel: `D${r.user.slice(1)}`,
          tab: 'home',
        })
      ).status;
    },
    async homeClick(body) {
      const r = requests.homeClick.parse(body);
      return (
        await client.homeClick({
          user: r.user,
          actionId: r.actionId,
          ...(r.blockId === undefined ? {} : { blockId: r.blockId }),
        })
      ).status;
    },
    async command(body) {
      const r = requests.command.parse(body);
      return (await client.command(r.text, { user: r.user, channel: CHANNEL })).status;
    },
    async react(body) {
      const r = requests.react.parse(body);
      const delivery = await client.react({
        channel: CHANNEL,
        ts: r.ts,
        user: r.user,
        reaction: r.reaction,
        remove: r.remove,
      });
      return delivery?.status ?? 'no event (the bot is not in the channel)';
    },
    async alerts(body) {
      const r = requests.alerts.parse(body);
      const alerts = sampleAlerts(r.sample as (typeof SAMPLE_NAMES)[number], new Date());
      const response = await fetch(options.intake.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${options.intake.token}` },
        body: JSON.stringify(alerts),
      });
      return { status: response.status, answer: await response.json() };
    },
    merge(body) {
      const r = requests.merge.parse(body);
      const sha = github.mergePull(REPO, r.number, { mergedBy: 'alice' });
      // The rules repository's workflow starts its deploy job on the merge commit; the page finishes it.
      const run = github.createWorkflowRun(REPO, {
        name: DEPLOY_WORKFLOW,
        headSha: sha,
        status: 'in_progress',
      });
      return Promise.resolve({ sha, runId: run.id });
    },
    deploy(body) {
      const r = requests.deploy.parse(body);
      return Promise.resolve(
        github.updateWorkflowRun(REPO, r.runId, { status: 'completed', conclusion: r.conclusion }).id,
      );
    },
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    void (async () => {
      try {
        if (req.method === 'GET' && url.pathname === '/')
          return send(res, 200, SANDBOX_PAGE_HTML, 'text/html');
        if (req.method === 'GET' && url.pathname === '/api/state') {
          return send(res, 200, state(slack, github, user.parse(url.searchParams.get('user'))));
        }
        const handler = req.method === 'POST' ? post[url.pathname.replace(/^\/api\//, '')] : undefined;
        if (handler === undefined) return send(res, 404, { error: 'not_found' });
        return send(res, 200, { result: await handler(await readJson(req)) });
      } catch (error) {
        return send(res, 400, { error: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
  await new Promise<void>((done) => server.listen(options.port, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
