/**
 * The webhook route's own contract, with the real signature check: body limit, GitHub's 10-second budget, failures
 * answered so that GitHub records them, and bad signed bodies.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { sign } from '@octokit/webhooks-methods';
import { parseWebhook, type WebhookEvent } from '../../../src/github/index.js';
import { githubWebhookRoute } from '../../../src/http/github-webhook-route.js';
import { createHttpServer, type HttpServer } from '../../../src/http/server.js';
import { silentLogger } from '../../../src/logger.js';

const SECRET = 'route-secret';
let server: HttpServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(
  handle: (event: WebhookEvent) => Promise<unknown>,
  options: { maxBodyBytes?: number; answerWithinMs?: number } = {},
): Promise<string> {
  server = createHttpServer(
    [
      githubWebhookRoute({
        parse: (headers, raw) => parseWebhook(headers, raw, SECRET),
        handle,
        logger: silentLogger,
        ...options,
      }),
    ],
    silentLogger,
  );
  return `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}/github/webhook`;
}

async function deliver(url: string, body: string, delivery = 'd-1'): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'ping',
      'x-github-delivery': delivery,
      'x-hub-signature-256': await sign(SECRET, body),
    },
    body,
  });
}

const PING = JSON.stringify({ zen: 'Design for failure.', hook_id: 1 });

describe('POST /github/webhook', () => {
  it('refuses bodies over the limit with 413 before reading them', async () => {
    const seen: WebhookEvent[] = [];
    const url = await serve(
      (event) => {
        seen.push(event);
        return Promise.resolve('ok');
      },
      { maxBodyBytes: 64 },
    );
    const big = JSON.stringify({ zen: 'x'.repeat(200) });
    const answer = await deliver(url, big);
    expect(answer.status).toBe(413);
    expect(await answer.json()).toMatchObject({ error: 'too_large' });
    expect(seen).toEqual([]);
  });

  it('answers 202 when the work outlasts the budget, and finishes it', async () => {
    let finish: (() => void) | undefined;
    let finished = false;
    const url = await serve(
      () =>
        new Promise((resolve) => {
          finish = () => {
            finished = true;
            resolve('late');
          };
        }),
      { answerWithinMs: 50 },
    );
    const answer = await deliver(url, PING);
    expect(answer.status).toBe(202);
    expect(await answer.json()).toMatchObject({ processing: true, delivery: 'd-1' });
    finish?.();
    expect(finished).toBe(true);
  });

  it('answers 500 when the work fails, so GitHub records a failed delivery that can be redelivered', async () => {
    let calls = 0;
    const url = await serve(() => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error('database down')) : Promise.resolve('ok');
    });
    expect((await deliver(url, PING)).status).toBe(500);
    // The redelivery (same id) is handled, since the first attempt did not complete.
    expect((await deliver(url, PING)).status).toBe(200);
    const duplicate = await deliver(url, PING);
    expect(await duplicate.json()).toMatchObject({ duplicate: true });
    expect(calls).toBe(2);
  });

  it('answers 400 for a signed body that is not JSON', async () => {
    const url = await serve(() => Promise.resolve('ok'));
    const answer = await deliver(url, '{not json');
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: 'bad_request' });
  });
});
