import { describe, expect, it } from '@jest/globals';
import { chatFailure } from '../../../../src/triage/jobs/chat-failure.js';
import type { ChatError } from '../../../../src/triage/ports/chat-port.js';

describe('a chat failure as a job outcome', () => {
  it.each<[string, ChatError, unknown]>([
    [
      'gives up on what Slack refuses for good',
      { kind: 'permanent', code: 'channel_not_found', message: 'channel_not_found' },
      { kind: 'fail', code: 'slack_refused', message: 'channel_not_found' },
    ],
    [
      'retries an outage, keeping Slack’s account',
      { kind: 'transient', code: 'http_503', message: 'Service Unavailable' },
      { kind: 'retry', code: 'slack_unavailable', message: 'http_503: Service Unavailable' },
    ],
    [
      'retries a rate limit after Slack’s Retry-After',
      { kind: 'rate_limited', code: 'ratelimited', retryAfterMs: 30_000 },
      {
        kind: 'retry',
        code: 'slack_unavailable',
        message: 'ratelimited (Slack rate limit)',
        retryAfterMs: 30_000,
      },
    ],
  ])('%s', (_title, error, outcome) => {
    expect(chatFailure(error)).toEqual(outcome);
  });

  it('holds back the channel until the retry when asked', () => {
    expect(
      chatFailure({ kind: 'transient', code: 'request_error', message: 'ECONNRESET' }, { key: 'channel:C1' }),
    ).toEqual({
      kind: 'retry',
      code: 'slack_unavailable',
      message: 'request_error: ECONNRESET',
      pace: { key: 'channel:C1' },
    });
  });
});
