/**
 * Alert intake over HTTP: `POST /falco/alerts`, `POST /` (drop-in where Falcosidekick's address was) and
 * `POST /test` (a test alert, like Falcosidekick's /test).
 *
 * Accepts what Falco's `http_output` and Falcosidekick's webhook output send: one JSON alert, a JSON array or NDJSON,
 * optionally gzip-encoded. Answers:
 * - 202 `{accepted, stored, duplicates, dropped}` once every valid alert is durably stored;
 * - 400 with a reason per invalid item (the valid items of the same body are stored and counted in `accepted`),
 *   also for an item the store refused (a value PostgreSQL cannot hold that got past the checks): sending it again
 *   would fail again;
 * - 401 without the token (`Authorization: Bearer <INGEST_TOKEN>` or `?token=`, since http_output cannot set
 *   headers), 413 over the size limit, 415 for a body that is not JSON;
 * - 503 (with Retry-After) while the store is unavailable, so the sender retries instead of losing the alert;
 * - 500 when storing failed for a reason of ours (a bug), so a retrying sender does not loop on it.
 */
import { hash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeItemProblem, readAlertBatch } from '../falco/alert/index.js';
import { BotError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Intake, IntakeItem, IntakeOutcome, RefusedItem } from '../triage/alerts/index.js';
import { testAlert } from '../triage/alerts/index.js';
import { stringifyJson, type ItemPlace } from '../falco/alert/index.js';
import { rawTexts } from './raw-items.js';
import { readBody } from './read-body.js';
import { sendError, sendJson } from './respond.js';
import type { Route } from './server.js';

export interface IntakeRouteOptions {
  readonly intake: Intake;
  /** Undefined: intake is open (INGEST_ALLOW_UNAUTHENTICATED). */
  readonly token: string | undefined;
  readonly maxBodyBytes: number;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly hostname: string;
  readonly now: () => Date;
  /**
   * Called before each body is parsed: lets the store's thread go on with a commit waiting for this thread (see
   * the embedded store's `deliverReplies`) before this thread spends a while parsing.
   */
  readonly beforeParse?: () => void;
}

/** What a 503 asks the sender to wait before retrying. */
const RETRY_AFTER_SECONDS = 5;

const JSON_TYPES = new Set([
  'application/json',
  'application/x-ndjson',
  'application/ndjson',
  'application/jsonl',
  'application/jsonlines',
  'application/x-json-stream',
  'text/plain',
  'text/json',
  '',
]);

/** One-shot `hash` (Node 20.12+): half the CPU of a `createHash` object per request. */
function digest(text: string): Buffer {
  return hash('sha256', text, 'buffer');
}

/** Constant-time token check against the token's digest; either the header or the query parameter. */
function authorised(req: IncomingMessage, url: URL, expected: Buffer | undefined): boolean {
  if (expected === undefined) return true;
  const header = req.headers.authorization ?? '';
  const bearer = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
  const given = bearer ?? url.searchParams.get('token') ?? '';
  return timingSafeEqual(digest(given), expected);
}

interface ItemError {
  readonly index: number;
  readonly line: number;
  readonly code: string;
  readonly reason: string;
}

/**
 * The body's valid alerts (with their raw text) and the reasons for the invalid ones. A function of its own so that
 * what reading made (each item's parsed JSON value, places, problems) is garbage before the request waits for its
 * commit: only what gets stored stays alive. Under a storm a commit takes long enough for waiting requests to be
 * promoted to V8's old generation, so whatever they hold adds to the bot's peak memory (bench/storm.bench.ts).
 */
function splitItems(
  text: string,
  metrics: Metrics,
): { valid: IntakeItem[]; places: ItemPlace[]; errors: ItemError[]; total: number } {
  const read = readAlertBatch(text);
  const valid: IntakeItem[] = [];
  const places: ItemPlace[] = [];
  const errors: ItemError[] = [];
  const raws = rawTexts(text, read);
  for (const [position, item] of read.items.entries()) {
    if (item.ok && item.input.kind === 'json') {
      valid.push({ alert: item.input.alert, raw: raws[position] ?? stringifyJson(item.input.value) });
      places.push({ index: item.index, line: item.line, location: item.location });
    } else if (!item.ok) {
      metrics.alertsRejected.inc({ reason: item.problem.code });
      errors.push({
        index: item.index,
        line: item.line,
        code: item.problem.code,
        reason: describeItemProblem(item),
      });
    }
  }
  return { valid, places, errors, total: read.items.length };
}

/** The reasons for the items the store refused, named like the reader's. */
function refusedErrors(refused: readonly RefusedItem[], places: readonly ItemPlace[]): ItemError[] {
  return refused.map((item) => {
    const place = places[item.position] ?? { index: item.position, line: 0, location: '' };
    const reason = `the store cannot hold a value of this alert, so it was not stored: ${item.message}`;
    return {
      index: place.index,
      line: place.line,
      code: item.code,
      reason: place.location === '' ? reason : `${place.location}: ${reason}`,
    };
  });
}

export function intakeRoutes(options: IntakeRouteOptions): Route[] {
  const { metrics, logger } = options;
  const expected = options.token === undefined ? undefined : digest(options.token);

  function refuse(res: ServerResponse, status: number, code: string, message: string): void {
    metrics.alertsRejected.inc({ reason: code });
    sendError(res, status, code, message);
  }

  /**
   * Stores the items; on failure answers and returns undefined: 503 while the store is unavailable (or a conflict
   * with another writer: a retry succeeds), 500 for a fault of ours. Refused items are in the outcome (400).
   */
  async function store(
    res: ServerResponse,
    items: IntakeItem[],
    origin: 'falco' | 'test',
  ): Promise<IntakeOutcome | undefined> {
    try {
      return await options.intake.accept(items, origin);
    } catch (error) {
      const code = error instanceof BotError ? error.code : 'internal';
      if (code !== 'store_unavailable' && code !== 'store_conflict') {
        logger.error({ err: error, code, alerts: items.length }, 'could not store alerts; answered 500');
        metrics.alertsRejected.inc({ reason: 'internal' }, items.length);
        sendJson(res, 500, {
          error: 'internal',
          message:
            'Storing the alerts failed because of an error in falco-triage; nothing from this request was stored.',
        });
        return undefined;
      }
      logger.error({ err: error, code, alerts: items.length }, 'could not store alerts; answered 503');
      metrics.alertsRejected.inc({ reason: 'store_unavailable' }, items.length);
      sendJson(
        res,
        503,
        {
          error: 'store_unavailable',
          message: 'The alert store is unavailable; nothing from this request was stored. Retry shortly.',
        },
        { 'retry-after': String(RETRY_AFTER_SECONDS) },
      );
      return undefined;
    }
  }

  async function alerts(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!authorised(req, url, expected)) {
      req.resume();
      refuse(
        res,
        401,
        'unauthorized',
        'Missing or wrong token: send "Authorization: Bearer <INGEST_TOKEN>" or ?token=.',
      );
      return;
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!JSON_TYPES.has(type)) {
      req.resume();
      refuse(
        res,
        415,
        'unsupported_media_type',
        `Content-Type "${type}" is not accepted: send application/json.`,
      );
      return;
    }
    const body = await readBody(req, options.maxBodyBytes);
    if (!body.ok) {
      const status =
        body.error.code === 'too_large' ? 413 : body.error.code === 'unsupported_encoding' ? 415 : 400;
      refuse(res, status, body.error.code, body.error.message);
      return;
    }
    options.beforeParse?.();
    const { valid, places, errors, total } = splitItems(body.value.toString('utf8'), metrics);
    if (total === 0) {
      refuse(res, 400, 'empty_body', 'The body holds no alert: send one JSON alert, a JSON array or NDJSON.');
      return;
    }
    let outcome: IntakeOutcome = { ids: [], stored: 0, duplicates: 0, dropped: 0, refused: [] };
    if (valid.length > 0) {
      const stored = await store(res, valid, 'falco');
      if (stored === undefined) return;
      outcome = stored;
    }
    if (outcome.refused.length > 0) {
      metrics.alertsRejected.inc({ reason: 'store_data_error' }, outcome.refused.length);
      logger.warn(
        { refused: outcome.refused.map((item) => item.message) },
        'the store refused alerts; answered 400 for them',
      );
      errors.push(...refusedErrors(outcome.refused, places));
      errors.sort((a, b) => a.line - b.line || a.index - b.index);
    }
    const accepted = valid.length - outcome.refused.length;
    const counts = {
      accepted,
      stored: outcome.stored,
      duplicates: outcome.duplicates,
      dropped: outcome.dropped,
      rejected: errors.length,
    };
    if (errors.length > 0) {
      const message =
        accepted === 0
          ? `No alert was accepted: ${errors[0]?.reason ?? ''}`
          : `${errors.length} of ${total} alerts were refused (the other ${accepted} were stored).`;
      sendJson(res, 400, { error: 'invalid_alerts', message, ...counts, errors });
      return;
    }
    sendJson(res, 202, { status: 'stored', ...counts });
  }

  async function test(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    req.resume();
    if (!authorised(req, url, expected)) {
      refuse(
        res,
        401,
        'unauthorized',
        'Missing or wrong token: send "Authorization: Bearer <INGEST_TOKEN>" or ?token=.',
      );
      return;
    }
    const item = testAlert(options.hostname, options.now());
    const outcome = await store(res, [item], 'test');
    if (outcome === undefined) return;
    if (outcome.refused.length > 0) {
      // The test alert is ours: a refusal here is a fault of ours, not of the request.
      sendError(
        res,
        500,
        'internal',
        `The test alert could not be stored: ${outcome.refused[0]?.message ?? ''}`,
      );
      return;
    }
    sendJson(res, 202, { status: 'stored', accepted: 1, rule: item.alert.rule });
  }

  return [
    { method: 'POST', path: '/falco/alerts', handler: alerts },
    { method: 'POST', path: '/', handler: alerts },
    { method: 'POST', path: '/test', handler: test },
  ];
}
