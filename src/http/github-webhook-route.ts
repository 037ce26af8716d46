/**
 * `POST /github/webhook`: GitHub's deliveries for the rules repository (pull requests, workflow runs, ping).
 *
 * - Authenticated by `parse`, which verifies `X-Hub-Signature-256` over the exact bytes received before reading
 *   anything (compose passes the GitHub adapter's `parseWebhook` with GITHUB_WEBHOOK_SECRET): 401 otherwise. Without
 *   a configured secret every delivery is refused with 503 and a message saying what to set.
 * - Answered within GitHub's 10 seconds: `handle` makes one short transaction (a compare-and-set transition and
 *   outbox jobs); if it has not finished after `answerWithinMs` the delivery is answered 202 and the work finishes
 *   in the background (the reconciler covers it if it then fails).
 * - Idempotent: a redelivery (same `X-GitHub-Delivery`) of a delivery already handled here is answered 200 without
 *   handling it again; across replicas and restarts the transitions are compare-and-set, so it changes nothing.
 * - Oversized bodies get 413 (GitHub caps payloads at 25 MB; the events followed here are far smaller).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from '../logger.js';
import type { Result } from '../result.js';
import { readBody } from './read-body.js';
import { sendError, sendJson } from './respond.js';
import type { Route } from './server.js';

export interface WebhookRejection {
  readonly status: number;
  readonly message: string;
}

export interface GitHubWebhookRouteOptions<E extends { readonly kind: string; readonly deliveryId: string }> {
  /**
   * Verifies and reads a delivery (the GitHub adapter's `parseWebhook` bound to the secret). Undefined when
   * GITHUB_WEBHOOK_SECRET is not set: deliveries are then refused with 503.
   */
  readonly parse:
    ((headers: IncomingHttpHeaders, rawBody: Buffer) => Promise<Result<E, WebhookRejection>>) | undefined;
  /** Acts on a verified event (the rollout). Its result is sent back as JSON (GitHub shows it in the delivery log). */
  readonly handle: (event: E) => Promise<unknown>;
  readonly logger: Logger;
  /** Default 5 MiB. */
  readonly maxBodyBytes?: number;
  /** Default 8 s, inside GitHub's 10. */
  readonly answerWithinMs?: number;
  /** Delivery ids remembered for redelivery detection (default 2,000). */
  readonly rememberDeliveries?: number;
  readonly path?: string;
}

const TIMED_OUT = Symbol('timed out');

export function githubWebhookRoute<E extends { readonly kind: string; readonly deliveryId: string }>(
  options: GitHubWebhookRouteOptions<E>,
): Route {
  const limit = options.maxBodyBytes ?? 5 * 1024 * 1024;
  const answerWithinMs = options.answerWithinMs ?? 8_000;
  const remember = options.rememberDeliveries ?? 2_000;
  const handled = new Set<string>();
  const { logger } = options;

  function rememberDelivery(id: string): void {
    if (id === '') return;
    handled.add(id);
    if (handled.size > remember) handled.delete(handled.values().next().value as string);
  }

  return {
    method: 'POST',
    path: options.path ?? '/github/webhook',
    handler: async (req, res) => {
      if (options.parse === undefined) {
        req.resume();
        sendError(
          res,
          503,
          'not_configured',
          'GitHub webhooks are not configured on falco-triage: set GITHUB_WEBHOOK_SECRET to the secret of the repository webhook.',
        );
        return;
      }
      const body = await readBody(req, limit);
      if (!body.ok) {
        const status = body.error.code === 'too_large' ? 413 : 400;
        const message =
          body.error.code === 'too_large'
            ? `The delivery is larger than ${limit} bytes; falco-triage only follows pull_request and workflow_run events.`
            : body.error.message;
        sendError(res, status, body.error.code, message);
        return;
      }
      const parsed = await options.parse(req.headers, body.value);
      if (!parsed.ok) {
        logger.warn(
          {
            status: parsed.error.status,
            reason: parsed.error.message,
            delivery: req.headers['x-github-delivery'],
          },
          'GitHub webhook refused',
        );
        sendError(
          res,
          parsed.error.status,
          parsed.error.status === 401 ? 'unauthorized' : 'bad_request',
          parsed.error.message,
        );
        return;
      }
      const event = parsed.value;
      if (handled.has(event.deliveryId)) {
        sendJson(res, 200, { ok: true, duplicate: true, delivery: event.deliveryId });
        return;
      }
      const work = options.handle(event).then((result) => {
        rememberDelivery(event.deliveryId);
        return result;
      });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
        timer = setTimeout(() => resolve(TIMED_OUT), answerWithinMs);
      });
      try {
        const result = await Promise.race([work, timeout]);
        if (result === TIMED_OUT) {
          work.catch((error: unknown) =>
            logger.error(
              { err: error, delivery: event.deliveryId },
              'GitHub webhook failed after its answer',
            ),
          );
          sendJson(res, 202, { ok: true, event: event.kind, delivery: event.deliveryId, processing: true });
          return;
        }
        sendJson(res, 200, { ok: true, event: event.kind, delivery: event.deliveryId, result });
      } catch (error) {
        logger.error({ err: error, delivery: event.deliveryId, event: event.kind }, 'GitHub webhook failed');
        sendError(
          res,
          500,
          'internal',
          'falco-triage could not record this delivery; its reconciler will catch up.',
        );
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
