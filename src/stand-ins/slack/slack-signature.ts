import { createHmac } from 'node:crypto';

/**
 * Slack's request signature (docs.slack.dev/authentication/verifying-requests-from-slack):
 * `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` under the app's signing secret.
 */
export function signSlackRequest(signingSecret: string, timestampSeconds: number, rawBody: string): string {
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`v0:${timestampSeconds}:${rawBody}`);
  return `v0=${hmac.digest('hex')}`;
}

/** How a test wants a request signed: correctly, or broken in one of the ways an attacker or a bug would. */
export type SignatureMode =
  | 'valid'
  /** Signed with another secret (a forgery). */
  | 'bad'
  /** Signed correctly, then one byte of the body changed in transit. */
  | 'tampered'
  /** No `X-Slack-Signature` header at all. */
  | 'missing';

export interface SignedHeaders {
  readonly 'x-slack-request-timestamp': string;
  readonly 'x-slack-signature'?: string;
}

/** The signature headers for `rawBody`; for `tampered` the caller sends {@link tamper}(rawBody) instead. */
export function signatureHeaders(
  signingSecret: string,
  timestampSeconds: number,
  rawBody: string,
  mode: SignatureMode = 'valid',
): SignedHeaders {
  const timestamp = String(timestampSeconds);
  switch (mode) {
    case 'missing':
      return { 'x-slack-request-timestamp': timestamp };
    case 'bad':
      return {
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': signSlackRequest(`${signingSecret}-forged`, timestampSeconds, rawBody),
      };
    case 'valid':
    case 'tampered':
      return {
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': signSlackRequest(signingSecret, timestampSeconds, rawBody),
      };
  }
}

/** The body with its last character changed, keeping it well-formed enough to reach signature checking. */
export function tamper(rawBody: string): string {
  if (rawBody.length === 0) return 'x';
  const last = rawBody.at(-1);
  return rawBody.slice(0, -1) + (last === 'A' ? 'B' : 'A');
}
