/**
 * The HTTP edge of the fake: one request goes through routing (only the operations of routes.ts exist), schema
 * validation (when the fake was given GitHub's description), authentication, test hooks, injected faults and the handler, and is recorded with its
 * outcome. Schema violations and misuse are answered like GitHub (422) *and* kept as violations that fail the
 * test. Handlers run synchronously after the hooks, so each request applies atomically, like GitHub serialising
 * writes to one repository.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { Caller } from './auth.js';
import type { FakeState } from './fake-state.js';
import { faultResponse, type Fault, type FaultPlan } from './faults.js';
import { ApiError, type Handler, type HandlerResponse } from './handler-kit.js';
import { APP_JWT_OPERATIONS } from './handlers/index.js';
import { matchRoute, routeParams, safeDecode } from './routes.js';
import type { SchemaValidation } from './schema-validation.js';

export interface RecordedRequest {
  readonly seq: number;
  readonly method: string;
  /** Decoded path, e.g. `/repos/acme/rules/contents/falco/values.yaml`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly operationId: string | undefined;
  /** `'network'` when an injected network fault dropped the connection. */
  status: number | 'network';
  fault: Fault['kind'] | undefined;
  readonly at: string;
}

export type ViolationKind =
  'unknown-operation' | 'request-schema' | 'response-schema' | 'misuse' | 'fake-crash';

export interface Violation {
  readonly kind: ViolationKind;
  readonly method: string;
  readonly path: string;
  readonly operationId: string | undefined;
  readonly problems: readonly string[];
}

export interface ServerOptions {
  /** The checks against GitHub's description; undefined: none. */
  readonly validation: SchemaValidation | undefined;
  /** Check 2xx answers too (with `validation` only). */
  readonly validateResponses: boolean;
  readonly onSettled: (request: RecordedRequest) => void;
}

const RATE_LIMIT = 5000;

export class FakeServer {
  readonly recorded: RecordedRequest[] = [];
  readonly violations: Violation[] = [];
  private readonly server: Server;
  private readonly used = new Map<string, number>();
  private readonly windowStart: number;

  constructor(
    private readonly state: FakeState,
    private readonly faults: FaultPlan,
    private readonly handlers: Readonly<Record<string, Handler>>,
    private readonly options: ServerOptions,
  ) {
    this.windowStart = state.nowMs();
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.violations.push({
          kind: 'fake-crash',
          method: req.method ?? '',
          path: req.url ?? '',
          operationId: undefined,
          problems: [String(error instanceof Error ? error.stack : error)],
        });
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      this.server.close((error) => (error ? reject(error) : resolve())),
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', this.state.urls.api);
    const path = safeDecode(url.pathname);
    const match = matchRoute(method, url.pathname);
    const operationId = match?.route.operationId;
    const body = parseBody(raw);
    const record: RecordedRequest = {
      seq: this.recorded.length + 1,
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      body: body.ok ? body.value : raw.toString('utf8'),
      operationId,
      status: 0,
      fault: undefined,
      at: this.state.nowIso(),
    };
    this.recorded.push(record);
    const violate = (kind: ViolationKind, problems: readonly string[]) =>
      this.violations.push({ kind, method, path, operationId, problems });
    const send = (response: HandlerResponse, html = false) => {
      record.status = response.status;
      this.send(res, response, req.headers.authorization, html);
      this.options.onSettled(record);
    };

    if (match === undefined) {
      violate('unknown-operation', [`${method} ${path} is not an operation the stand-in serves`]);
      return send(new ApiError(404, 'Not Found').asResponse());
    }
    if (!body.ok) {
      violate('request-schema', ['body is not valid JSON']);
      return send(new ApiError(400, 'Problems parsing JSON').asResponse());
    }
    const { validation } = this.options;
    const validated =
      validation === undefined
        ? { params: routeParams(match, url.searchParams), problems: [] }
        : validation.operations.validateRequest(match, url.searchParams, {
            present: raw.length > 0,
            value: body.value,
          });
    if (validated.problems.length > 0) violate('request-schema', validated.problems);

    const auth = this.state.auth.authenticate(req.headers.authorization, this.state.nowMs());
    const caller = auth?.ok === true ? auth.caller : undefined;
    const denied = this.authorise(auth, caller, operationId ?? '', method);
    if (denied !== undefined) return send(denied.asResponse());
    if (validated.problems.length > 0) {
      return send(new ApiError(422, `Invalid request.\n\n${validated.problems.join('\n')}`).asResponse());
    }

    const matchable = { method, path, operationId };
    for (const hook of this.faults.takeHooks(matchable)) await hook(matchable);
    const fault = this.faults.takeFault(matchable);
    if (fault !== undefined) {
      record.fault = fault.kind;
      if (fault.kind === 'network') {
        record.status = 'network';
        req.socket.destroy();
        this.options.onSettled(record);
        return;
      }
      const answer = faultResponse(fault, this.state.nowMs());
      return send(
        { status: answer.status, body: answer.body, headers: answer.headers },
        answer.html === true,
      );
    }

    const handler = this.handlers[match.route.operationId];
    let response: HandlerResponse;
    try {
      if (handler === undefined) throw new Error(`no handler for ${match.route.operationId}`);
      response = handler({
        operationId: match.route.operationId,
        params: validated.params,
        body: body.value,
        caller,
        state: this.state,
        url: url.toString(),
        misuse: (message) => violate('misuse', [message]),
      });
    } catch (error) {
      if (!(error instanceof ApiError)) {
        violate('fake-crash', [String(error instanceof Error ? error.stack : error)]);
        return send(new ApiError(500, 'Server Error').asResponse());
      }
      response = error.asResponse();
    }
    if (validation !== undefined && this.options.validateResponses && response.status < 300) {
      const problems = validation.operations.validateResponse(match.route, response.status, response.body);
      if (problems.length > 0) violate('response-schema', problems);
    }
    send(response);
  }

  /** 401 for missing or bad credentials or the wrong kind (JWT vs token); 403 for writes with a read-only token. */
  private authorise(
    auth: ReturnType<FakeState['auth']['authenticate']>,
    caller: Caller | undefined,
    operationId: string,
    method: string,
  ): ApiError | undefined {
    if (auth === undefined) return new ApiError(401, 'Requires authentication');
    if (!auth.ok) return new ApiError(401, auth.message);
    const needsJwt = APP_JWT_OPERATIONS.has(operationId);
    if (needsJwt && caller?.kind !== 'app') {
      return new ApiError(401, 'A JSON web token could not be decoded');
    }
    if (!needsJwt && caller?.kind === 'app') {
      return new ApiError(
        401,
        'Bad credentials: this endpoint needs an installation or user token, not the App JWT',
      );
    }
    if (caller?.kind === 'token' && caller.readOnly && method !== 'GET') {
      return new ApiError(403, 'Resource not accessible by personal access token');
    }
    return undefined;
  }

  private send(
    res: ServerResponse,
    response: HandlerResponse,
    authorization: string | undefined,
    html: boolean,
  ): void {
    const key = authorization ?? 'anonymous';
    const used = (this.used.get(key) ?? 0) + 1;
    this.used.set(key, used);
    const headers: Record<string, string> = {
      date: new Date(this.state.nowMs()).toUTCString(),
      'x-github-request-id': randomUUID().toUpperCase(),
      'x-github-media-type': 'github.v3; format=json',
      'x-github-api-version-selected': '2022-11-28',
      'x-ratelimit-limit': String(RATE_LIMIT),
      'x-ratelimit-remaining': String(Math.max(RATE_LIMIT - used, 0)),
      'x-ratelimit-used': String(used),
      'x-ratelimit-reset': String(Math.floor(this.windowStart / 1000) + 3600),
      'x-ratelimit-resource': 'core',
      ...response.headers,
    };
    if (response.status === 204 || response.body === undefined) {
      res.writeHead(response.status, headers).end();
      return;
    }
    const payload = html && typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
    headers['content-type'] = html ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8';
    res.writeHead(response.status, headers).end(payload);
  }
}

/** A readable list for a failing test. */
export function formatViolations(violations: readonly Violation[]): string {
  const lines = violations.map((v) => {
    const op = v.operationId === undefined ? '' : ` (${v.operationId})`;
    return `- ${v.kind} ${v.method} ${v.path}${op}:\n    ${v.problems.join('\n    ')}`;
  });
  return `fake GitHub saw ${violations.length} violation(s):\n${lines.join('\n')}`;
}

function parseBody(raw: Buffer): { ok: true; value: unknown } | { ok: false } {
  if (raw.length === 0) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(raw.toString('utf8')) as unknown };
  } catch {
    return { ok: false };
  }
}
