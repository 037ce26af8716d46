/**
 * Verifies and reads one GitHub webhook delivery. The signature is checked first, over the exact bytes received,
 * before anything of the body is parsed: `X-Hub-Signature-256` must be `sha256=` + the hex HMAC-SHA256 of the raw body
 * with the webhook secret, compared in constant time (@octokit/webhooks-methods `verify`). The legacy SHA-1
 * `X-Hub-Signature` is not accepted.
 *
 * The answer tells the route what to reply: 401 for an unauthenticated delivery, 400 for a signed one that is not
 * a payload GitHub would send, otherwise the event (possibly `ignored`, which still deserves a 2xx so GitHub does
 * not mark the hook as failing).
 *
 * @example
 *   const parsed = await parseWebhook(req.headers, rawBody, config.github.webhookSecret, { repository: 'acme/rules' });
 *   if (!parsed.ok) return respond(res, parsed.error.status, parsed.error.message);
 */
import { verify } from '@octokit/webhooks-methods';
import { err, ok, type Result } from '../result.js';
import {
  describeIssues,
  pingPayload,
  PULL_REQUEST_ACTIONS,
  pullRequestEvent,
  pullRequestPayload,
  pushPayload,
  workflowRunEvent,
  workflowRunPayload,
  type WebhookEvent,
} from './webhook-payloads.js';

export type { WebhookEvent } from './webhook-payloads.js';

/** Node's `IncomingHttpHeaders`, a fetch `Headers` turned into an object, or any record of header values. */
export type WebhookHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface WebhookRejection {
  readonly status: 401 | 400;
  readonly message: string;
}

export interface ParseWebhookOptions {
  /**
   * owner/name of the rules repository (or of each target's, with several targets): deliveries about other
   * repositories are `ignored`.
   */
  readonly repository?: string | readonly string[];
}

const SIGNATURE = /^sha256=[0-9a-f]{64}$/i;

function header(headers: WebhookHeaders, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    const first: unknown = Array.isArray(value) ? value[0] : value;
    return typeof first === 'string' ? first : undefined;
  }
  return undefined;
}

function reject(status: 401 | 400, message: string) {
  return err<WebhookRejection>({ status, message });
}

/** Checks the delivery's signature and reads its event. Never throws for bad input. */
export async function parseWebhook(
  headers: WebhookHeaders,
  rawBody: string | Uint8Array,
  secret: string,
  options: ParseWebhookOptions = {},
): Promise<Result<WebhookEvent, WebhookRejection>> {
  if (secret === '')
    return reject(401, 'the GitHub webhook secret is not configured (GITHUB_WEBHOOK_SECRET)');
  const signature = header(headers, 'x-hub-signature-256');
  if (signature === undefined) {
    return reject(
      401,
      'missing X-Hub-Signature-256: set the same secret on the GitHub webhook and in GITHUB_WEBHOOK_SECRET',
    );
  }
  if (!SIGNATURE.test(signature.trim()))
    return reject(401, 'X-Hub-Signature-256 must be sha256=<64 hex digits>');
  const body = typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8');
  if (body === '') return reject(400, 'empty body');
  // GitHub sends lower-case hex; the comparison is of the exact header text.
  if (!(await verify(secret, body, signature.trim().toLowerCase()))) {
    return reject(401, 'X-Hub-Signature-256 does not match the body: wrong secret, or the body was altered');
  }

  const event = header(headers, 'x-github-event');
  if (event === undefined || event === '') return reject(400, 'missing X-GitHub-Event');
  const deliveryId = header(headers, 'x-github-delivery') ?? '';

  const json = jsonOf(body, header(headers, 'content-type'));
  if (!json.ok) return reject(400, json.error);
  const payload = json.value;
  const action = typeof payload['action'] === 'string' ? payload['action'] : undefined;
  const ignored = (reason: string) =>
    ok<WebhookEvent>({ kind: 'ignored', deliveryId, event, action, reason });

  if (event === 'ping') {
    const ping = pingPayload.safeParse(payload);
    if (!ping.success) return reject(400, `invalid ping payload: ${describeIssues(ping.error)}`);
    return ok({ kind: 'ping', deliveryId, hookId: ping.data.hook_id, zen: ping.data.zen });
  }
  if (event !== 'pull_request' && event !== 'workflow_run' && event !== 'push')
    return ignored(`the bot does not follow ${event} events`);

  const about = (payload['repository'] as { full_name?: unknown } | undefined)?.full_name;
  const wanted = typeof options.repository === 'string' ? [options.repository] : options.repository;
  if (
    wanted !== undefined &&
    (typeof about !== 'string' || !wanted.some((name) => name.toLowerCase() === about.toLowerCase()))
  ) {
    return ignored(
      `about ${typeof about === 'string' ? about : 'no repository'}, not ${wanted.join(' or ')}`,
    );
  }

  if (event === 'pull_request') {
    if (!PULL_REQUEST_ACTIONS.some((wanted) => wanted === action)) {
      return ignored(`pull_request.${action ?? '(no action)'} does not change an exception's state`);
    }
    const parsed = pullRequestPayload.safeParse(payload);
    if (!parsed.success) return reject(400, `invalid pull_request payload: ${describeIssues(parsed.error)}`);
    const head = parsed.data.pull_request.head.repo?.full_name;
    if (head !== undefined && head.toLowerCase() !== parsed.data.repository.full_name.toLowerCase()) {
      // The bot only opens pull requests from branches of the rules repository itself.
      return ignored(`pull request #${parsed.data.number} comes from the fork ${head}`);
    }
    return ok(pullRequestEvent(deliveryId, parsed.data));
  }

  if (event === 'push') return pushEvent(deliveryId, payload);

  if (action !== 'completed')
    return ignored(`workflow_run.${action ?? '(no action)'}: only completed runs matter`);
  const parsed = workflowRunPayload.safeParse(payload);
  if (!parsed.success) return reject(400, `invalid workflow_run payload: ${describeIssues(parsed.error)}`);
  return ok(workflowRunEvent(deliveryId, parsed.data));
}

/** A push to a branch (a tag, or a deleted branch, moves no base branch: ignored). */
function pushEvent(
  deliveryId: string,
  payload: Record<string, unknown>,
): Result<WebhookEvent, WebhookRejection> {
  const parsed = pushPayload.safeParse(payload);
  if (!parsed.success) return reject(400, `invalid push payload: ${describeIssues(parsed.error)}`);
  const { ref, after, deleted, repository } = parsed.data;
  const ignored = (reason: string) =>
    ok<WebhookEvent>({ kind: 'ignored', deliveryId, event: 'push', action: undefined, reason });
  if (!ref.startsWith('refs/heads/')) return ignored(`push to ${ref}, not a branch`);
  if (deleted === true) return ignored(`${ref} was deleted`);
  return ok({
    kind: 'push',
    deliveryId,
    repository: repository.full_name,
    branch: ref.slice('refs/heads/'.length),
    after,
  });
}

/** JSON deliveries, or form-encoded ones (`payload=<json>`), the other content type a GitHub webhook can use. */
function jsonOf(body: string, contentType: string | undefined): Result<Record<string, unknown>, string> {
  let text = body;
  if (contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded') === true) {
    const payload = new URLSearchParams(body).get('payload');
    if (payload === null) return err('form-encoded delivery without a payload field');
    text = payload;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return err(`the body is not JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return err('the body is not a JSON object');
  return ok(value as Record<string, unknown>);
}
