import { LogLevel, WebClient } from '@slack/web-api';

/**
 * The Web API client the bot uses: no hidden retries (the outbox retries with Slack's Retry-After and keeps
 * order), 429s surfaced as errors, and a timeout so a hung connection cannot stall a channel.
 */
export function createSlackClient(options: { token: string; apiUrl: string; timeoutMs?: number }): WebClient {
  return new WebClient(options.token, {
    slackApiUrl: options.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 10_000,
    logLevel: LogLevel.ERROR,
  });
}
