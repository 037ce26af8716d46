/**
 * Delivers a webhook the way GitHub does: a POST of the raw JSON with `X-GitHub-Event`, `X-GitHub-Delivery`,
 * `X-Hub-Signature-256` (`sha256=` HMAC of the exact body, via @octokit/webhooks-methods `sign`) and the legacy
 * `X-Hub-Signature` (sha1). Options forge the signature, omit it, or alter the body after signing, so tests can
 * prove the bot rejects each.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { sign } from '@octokit/webhooks-methods';
import type { WebhookEvent } from './webhooks.js';

export interface SendWebhookOptions {
  readonly secret: string;
  /** `valid` (default), `forged` (signed with another secret) or `omitted` (no signature headers). */
  readonly signature?: 'valid' | 'forged' | 'omitted';
  /** Changes the body after it was signed (a tampered delivery). */
  readonly tamper?: (body: string) => string;
  readonly deliveryId?: string;
  readonly hookId?: number;
}

export interface WebhookDeliveryResult {
  readonly status: number;
  readonly body: string;
  readonly deliveryId: string;
}

/** POSTs the event to `url` (the bot's `/github/webhook`) and returns the bot's answer. */
export async function sendWebhook(
  url: string,
  event: WebhookEvent,
  options: SendWebhookOptions,
): Promise<WebhookDeliveryResult> {
  const signedBody = JSON.stringify(event.payload);
  const body = options.tamper === undefined ? signedBody : options.tamper(signedBody);
  const deliveryId = options.deliveryId ?? randomUUID();
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/fake',
    'x-github-event': event.name,
    'x-github-delivery': deliveryId,
    'x-github-hook-id': String(options.hookId ?? 1),
    'x-github-hook-installation-target-type': event.target.type,
    'x-github-hook-installation-target-id': String(event.target.id),
  };
  const signature = options.signature ?? 'valid';
  if (signature !== 'omitted') {
    const secret = signature === 'forged' ? `${options.secret}-forged` : options.secret;
    headers['x-hub-signature-256'] = await sign(secret, signedBody);
    headers['x-hub-signature'] = `sha1=${createHmac('sha1', secret).update(signedBody).digest('hex')}`;
  }
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, body: await response.text(), deliveryId };
}
