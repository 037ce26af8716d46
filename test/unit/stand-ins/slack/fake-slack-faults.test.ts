import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  ErrorCode,
  type WebAPIHTTPError,
  type WebAPIPlatformError,
  type WebAPIRequestError,
  type WebClient,
} from '@slack/web-api';
import { FakeSlack } from '../../../../src/stand-ins/slack/index.js';
import { webClient } from './web-client.js';

let slack: FakeSlack;
let client: WebClient;

beforeAll(async () => {
  slack = await FakeSlack.start({ rateLimits: { postMessagePerChannel: false } });
  client = webClient(slack, { timeout: 300 });
});
afterAll(() => slack.stop());
beforeEach(() => slack.reset());

const post = (text: string): Promise<unknown> =>
  client.chat.postMessage({ channel: 'C0ALERTS01', text }).catch((e: unknown) => e);

describe('FakeSlack fault injection', () => {
  it('answers the next N calls of a method with a 5xx, then recovers', async () => {
    slack.failNext('chat.postMessage', { kind: 'status', status: 500 }, 2);
    const first = (await post('a')) as WebAPIHTTPError;
    expect(first.code).toBe(ErrorCode.HTTPError);
    expect(first.statusCode).toBe(500);
    expect(((await post('b')) as WebAPIHTTPError).statusCode).toBe(500);
    expect(await post('c')).toMatchObject({ ok: true });
    expect(slack.pendingFaults()).toBe(0);
    expect(slack.messages('C0ALERTS01').map((m) => m.content.text)).toEqual(['c']);
    expect(slack.calls('chat.postMessage').map((c) => [c.status, c.fault])).toEqual([
      [500, 'status'],
      [500, 'status'],
      [200, undefined],
    ]);
  });

  it('leaves other methods alone', async () => {
    slack.failNext('chat.update', { kind: 'status', status: 503 });
    expect(await post('unaffected')).toMatchObject({ ok: true });
    expect(slack.pendingFaults()).toBe(1);
  });

  it('injects a 429 with a chosen Retry-After', async () => {
    slack.failNext('chat.postMessage', { kind: 'ratelimited', retryAfterSeconds: 7 });
    const response = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Bearer ${slack.botToken}`,
      },
      body: 'channel=C0ALERTS01&text=x',
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(slack.messages('C0ALERTS01')).toEqual([]);
  });

  it('never answers a timed-out call; the client gives up and nothing was posted', async () => {
    slack.failNext('chat.postMessage', { kind: 'timeout' });
    const error = (await post('lost')) as WebAPIRequestError;
    expect(error.code).toBe(ErrorCode.RequestError);
    expect(slack.messages('C0ALERTS01')).toEqual([]);
    expect(slack.calls('chat.postMessage')[0]).toMatchObject({ status: 0, fault: 'timeout' });
  });

  it('closes the connection without an answer', async () => {
    slack.failNext('chat.postMessage', { kind: 'close' });
    expect(((await post('x')) as WebAPIRequestError).code).toBe(ErrorCode.RequestError);
    expect(await post('y')).toMatchObject({ ok: true });
  });

  it('can answer too late: Slack posted, but the client timed out (the duplicate-post trap)', async () => {
    slack.failNext('chat.postMessage', { kind: 'delay', ms: 600 });
    expect(((await post('slow')) as WebAPIRequestError).code).toBe(ErrorCode.RequestError);
    expect(slack.messages('C0ALERTS01').map((m) => m.content.text)).toEqual(['slow']);
  });

  it('answers a platform error such as fatal_error', async () => {
    slack.failNext('*', { kind: 'error', error: 'fatal_error' });
    const error = (await client.auth.test().catch((e: unknown) => e)) as WebAPIPlatformError;
    expect(error.code).toBe(ErrorCode.PlatformError);
    expect(error.data.error).toBe('fatal_error');
  });

  it('fails response_url posts too', async () => {
    const url = slack.issueResponseUrl({ kind: 'command', channel: 'C0ALERTS01', userId: 'U0ALICE001' });
    slack.failNext('response_url', { kind: 'status', status: 502 });
    const send = (): Promise<Response> =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"hi"}' });
    expect((await send()).status).toBe(502);
    expect((await send()).status).toBe(200);
    expect(slack.ephemerals({ user: 'U0ALICE001' }).map((m) => m.text)).toEqual(['hi']);
  });
});
