import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultPlan, type Fault } from './faults.js';
import { parseArgs, readBody, sendJson, tokenOf, type ParsedArgs } from './http-io.js';
import { MessageStore } from './message-store.js';
import { fail, type MethodContext, type MethodHandler } from './method-context.js';
import { CHAT_METHODS } from './methods-chat.js';
import type { FakeSocketMode } from './socket-mode.js';
import { DIRECTORY_METHODS } from './methods-directory.js';
import { REACTION_METHODS } from './methods-reactions.js';
import { VIEW_METHODS } from './methods-views.js';
import { RateLimiter, type RateLimitPolicy } from './rate-limiter.js';
import { ResponseUrls } from './response-urls.js';
import { ViewStore } from './view-store.js';
import { findChannel, resolveWorkspace, type FakeWorkspace } from './workspace.js';

const METHODS: Readonly<Record<string, MethodHandler>> = {
  ...CHAT_METHODS,
  ...DIRECTORY_METHODS,
  ...REACTION_METHODS,
  ...VIEW_METHODS,
};

export interface FakeSlackServerOptions {
  readonly workspace?: Partial<FakeWorkspace>;
  /** Default: `chat.postMessage` at 1/s per channel with a burst of 3; no per-method tier limits. */
  readonly rateLimits?: RateLimitPolicy;
  /** How long a trigger id stays valid (Slack: 3 s). */
  readonly triggerTtlMs?: number;
  /** Clock in ms since epoch, for rate limits, trigger expiry and message ts. Default `Date.now`. */
  readonly now?: () => number;
  /** Enforce the undocumented ~13k-character cap over all blocks of a message. Default true. */
  readonly enforceBlocksTotal?: boolean;
}

/** One Web API call or response_url post as the fake saw and answered it. */
export interface RecordedCall {
  /** Web API method, or `response_url`. */
  readonly method: string;
  /** Parsed arguments (JSON-valued form fields decoded; the token is not included). */
  readonly args: Readonly<Record<string, unknown>>;
  readonly token: string | undefined;
  readonly contentType: string | undefined;
  readonly atMs: number;
  /** HTTP status sent; 0 when the connection was closed or never answered. */
  readonly status: number;
  /** The JSON body sent, if any. */
  readonly response: unknown;
  readonly fault?: Fault['kind'];
}

interface Reply {
  readonly status: number;
  readonly json: unknown;
  readonly headers?: Record<string, string>;
}

/**
 * The HTTP half of the fake: serves `/api/<method>` and `/respond/<id>` on 127.0.0.1, applies faults, auth and
 * rate limits, dispatches to the method handlers and records every call. Test helpers live in {@link FakeSlack}.
 */
export class FakeSlackServer {
  readonly messageStore = new MessageStore();
  readonly viewStore = new ViewStore();
  readonly responseUrls = new ResponseUrls();
  protected readonly faults = new FaultPlan();
  protected readonly limiter: RateLimiter;
  protected readonly log: RecordedCall[] = [];
  protected workspaceConfig: FakeWorkspace;
  readonly now: () => number;
  protected readonly triggerTtlMs: number;
  private readonly enforceBlocksTotal: boolean;
  private readonly server: Server;
  private readonly held = new Set<ServerResponse>();
  private origin = '';

  protected constructor(options: FakeSlackServerOptions) {
    this.workspaceConfig = resolveWorkspace(options.workspace);
    this.limiter = new RateLimiter(options.rateLimits ?? {});
    this.now = options.now ?? Date.now;
    this.triggerTtlMs = options.triggerTtlMs ?? 3000;
    this.enforceBlocksTotal = options.enforceBlocksTotal ?? true;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'fatal_error', detail: String(error) });
      });
    });
  }

  protected async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.origin = `http://127.0.0.1:${port}`;
  }

  /** `http://127.0.0.1:PORT` (response_urls live under it). */
  get url(): string {
    return this.origin;
  }

  /** What to give the bot as `SLACK_API_URL` / WebClient `slackApiUrl`. */
  get apiUrl(): string {
    return `${this.origin}/api/`;
  }

  get workspace(): FakeWorkspace {
    return this.workspaceConfig;
  }

  /** A bot token the fake accepts. */
  get botToken(): string {
    const [token] = this.workspaceConfig.botTokens;
    if (token === undefined) throw new Error('the fake workspace has no bot token');
    return token;
  }

  /** Stops listening and drops every open connection (held "timeout" requests included). */
  async stop(): Promise<void> {
    for (const res of this.held) res.socket?.destroy();
    this.held.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const body = await readBody(req);
    const contentType = req.headers['content-type'];
    if (url.pathname.startsWith('/respond/') && req.method === 'POST') {
      const json = parseJson(body);
      const args = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
      await this.serve('response_url', req, res, { args, contentType }, () => this.respond(url, json));
      return;
    }
    const match = /^\/api\/([A-Za-z0-9_.]+)$/.exec(url.pathname);
    if (match?.[1] === undefined) {
      sendJson(res, 404, { ok: false, error: 'not_found' });
      return;
    }
    const method = match[1];
    const parsed = parseArgs(contentType, body, url.searchParams);
    const token = tokenOf(req, parsed.ok ? parsed.bodyToken : undefined);
    const args = parsed.ok ? parsed.args : {};
    await this.serve(method, req, res, { args, token, contentType }, () => this.call(method, parsed, token));
  }

  /** Applies a scheduled fault or answers with `produce()`, and records the exchange. */
  private async serve(
    method: string,
    req: IncomingMessage,
    res: ServerResponse,
    seen: { args: Record<string, unknown>; token?: string | undefined; contentType: string | undefined },
    produce: () => Reply,
  ): Promise<void> {
    const atMs = this.now();
    const record = (status: number, response: unknown, fault?: Fault['kind']): void => {
      this.log.push({
        method,
        args: seen.args,
        token: seen.token,
        contentType: seen.contentType,
        atMs,
        status,
        response,
        ...(fault ? { fault } : {}),
      });
    };
    const fault = this.faults.take(method);
    if (fault === undefined) {
      const reply = produce();
      sendJson(res, reply.status, reply.json, reply.headers);
      record(reply.status, reply.json);
      return;
    }
    switch (fault.kind) {
      case 'status': {
        const text = fault.body ?? `<html><body>${fault.status} Server Error</body></html>`;
        res.writeHead(fault.status, { 'content-type': 'text/html' }).end(text);
        record(fault.status, text, fault.kind);
        return;
      }
      case 'ratelimited': {
        const json = { ok: false, error: 'ratelimited' };
        sendJson(res, 429, json, { 'retry-after': String(fault.retryAfterSeconds) });
        record(429, json, fault.kind);
        return;
      }
      case 'error': {
        const json = fail(fault.error);
        sendJson(res, 200, json);
        record(200, json, fault.kind);
        return;
      }
      case 'close':
        req.socket.destroy();
        record(0, undefined, fault.kind);
        return;
      case 'timeout':
        this.held.add(res);
        res.on('close', () => this.held.delete(res));
        if (fault.holdMs !== undefined) setTimeout(() => res.socket?.destroy(), fault.holdMs).unref();
        record(0, undefined, fault.kind);
        return;
      case 'delay': {
        const reply = produce();
        record(reply.status, reply.json, fault.kind);
        this.held.add(res);
        await new Promise((resolve) => setTimeout(resolve, fault.ms));
        this.held.delete(res);
        if (!res.destroyed) sendJson(res, reply.status, reply.json, reply.headers);
        return;
      }
    }
  }

  /** Socket Mode: `apps.connections.open` answers with this fake's WebSocket URL (see socket-mode.ts). */
  socketMode: FakeSocketMode | undefined;

  private call(method: string, parsed: ParsedArgs, token: string | undefined): Reply {
    if (method === 'apps.connections.open') {
      // App-level token only: a bot token here is `not_allowed_token_type`, as on Slack.
      if (this.socketMode === undefined) return { status: 200, json: fail('socket_mode_not_enabled') };
      if (token !== this.socketMode.appToken) return { status: 200, json: fail('not_allowed_token_type') };
      return { status: 200, json: { ok: true, url: this.socketMode.connectionUrl() } };
    }
    const handler = METHODS[method];
    if (handler === undefined) return { status: 200, json: fail('unknown_method', { req_method: method }) };
    if (!parsed.ok) return { status: 200, json: fail(parsed.error) };
    if (token === undefined || token === '') return { status: 200, json: fail('not_authed') };
    if (!this.workspaceConfig.botTokens.includes(token)) return { status: 200, json: fail('invalid_auth') };
    const nowMs = this.now();
    const channelRef = typeof parsed.args.channel === 'string' ? parsed.args.channel : undefined;
    const channel =
      channelRef === undefined
        ? undefined
        : (findChannel(this.workspaceConfig, channelRef)?.id ?? channelRef);
    const decision = this.limiter.take(method, channel, nowMs);
    if (!decision.ok) {
      return {
        status: 429,
        json: fail('ratelimited'),
        headers: { 'retry-after': String(decision.retryAfterSeconds) },
      };
    }
    return { status: 200, json: handler(this.context(nowMs), parsed.args) };
  }

  private respond(url: URL, json: unknown): Reply {
    if (json === undefined) return { status: 400, json: fail('invalid_payload') };
    const id = url.pathname.slice('/respond/'.length);
    const ws = this.workspaceConfig;
    return this.responseUrls.handle(id, json, {
      messages: this.messageStore,
      bot: { user: ws.botUserId, botId: ws.botId, appId: ws.appId },
      nowMs: this.now(),
    });
  }

  protected context(nowMs: number): MethodContext {
    return {
      ws: this.workspaceConfig,
      messages: this.messageStore,
      views: this.viewStore,
      nowMs,
      triggerTtlMs: this.triggerTtlMs,
      enforceBlocksTotal: this.enforceBlocksTotal,
    };
  }
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}
