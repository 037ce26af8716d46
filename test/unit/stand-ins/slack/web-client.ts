import { WebClient, type Logger, type WebClientOptions } from '@slack/web-api';
import type { FakeSlack } from '../../../../src/stand-ins/slack/index.js';

/** A logger that drops WebClient's warnings and errors (the tests assert on the errors themselves). */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => 'error' as ReturnType<Logger['getLevel']>,
  setName: () => undefined,
};

/** The real @slack/web-api client pointed at the fake, without retries unless asked. */
export function webClient(
  slack: FakeSlack,
  options: WebClientOptions & { token?: string | null } = {},
): WebClient {
  const { token, ...rest } = options;
  return new WebClient(token === null ? undefined : (token ?? slack.botToken), {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 0 },
    logger: silentLogger,
    ...rest,
  });
}
