import type { IncomingMessage, ServerResponse } from 'node:http';

/** Fields `@slack/web-api` JSON-encodes inside a form body (objects and arrays); decoded for handlers and records. */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'metadata', 'unfurls', 'user_auth_blocks']);

const MAX_BODY_BYTES = 10 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export type ParsedArgs =
  | { readonly ok: true; readonly args: Record<string, unknown>; readonly bodyToken?: string }
  | { readonly ok: false; readonly error: string };

/**
 * Parses a Web API request body as Slack does. Form bodies (what WebClient sends) carry object arguments as JSON
 * strings; JSON bodies carry them as values. A JSON-valued form field that does not parse stays a string, so the
 * method answers its own format error (`invalid_blocks_format`, `invalid_arguments`).
 * In a JSON body Slack ignores a `token` field: the token must come in the Authorization header.
 */
export function parseArgs(contentType: string | undefined, body: string, query: URLSearchParams): ParsedArgs {
  const args: Record<string, unknown> = Object.fromEntries(query);
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (body.length === 0) return finish(args);
  if (type === 'application/x-www-form-urlencoded') {
    for (const [key, value] of new URLSearchParams(body)) args[key] = value;
    return finish(args);
  }
  if (type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return { ok: false, error: 'invalid_json' };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return { ok: false, error: 'json_not_object' };
    }
    const { token: _ignored, ...rest } = parsed as Record<string, unknown>;
    return { ok: true, args: { ...args, ...rest } };
  }
  if (type === '') return { ok: false, error: 'missing_post_type' };
  return { ok: false, error: 'invalid_post_type' };
}

function finish(args: Record<string, unknown>): ParsedArgs {
  for (const key of JSON_FIELDS) {
    const value = args[key];
    if (typeof value !== 'string') continue;
    try {
      args[key] = JSON.parse(value) as unknown;
    } catch {
      // left as a string: the method reports the format error
    }
  }
  const { token, ...rest } = args;
  return { ok: true, args: rest, ...(typeof token === 'string' ? { bodyToken: token } : {}) };
}

/** The bearer token of a request: the Authorization header first, then a form `token` field. */
export function tokenOf(req: IncomingMessage, bodyToken: string | undefined): string | undefined {
  const header = req.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (match?.[1] !== undefined) return match[1];
  }
  return bodyToken;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  json: unknown,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify(json);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}
