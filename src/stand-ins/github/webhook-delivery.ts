/**
 * Optional automatic delivery: when a target is set, every state change GitHub would announce (pull request
 * opened/closed/reopened/synchronize, push, workflow run requested/in_progress/completed) is built into a payload at
 * that instant and POSTed, signed, to the bot. Without a target nothing is sent, which is how tests exercise the
 * reconciler alone ("webhooks switched off"). Like GitHub, a failed delivery is not retried.
 */
import { randomUUID } from 'node:crypto';
import type { StateEvent } from './fake-state.js';
import { sendWebhook } from './webhook-sender.js';
import { pushEvent } from './push-webhook.js';
import { pullRequestEvent, workflowRunEvent, type WebhookEvent, type WebhookSource } from './webhooks.js';

export interface WebhookTarget {
  /** The bot's webhook URL, e.g. `http://127.0.0.1:3000/github/webhook`. */
  readonly url: string;
  readonly secret: string;
  /** Adds `installation.id` to payloads (App-style deliveries). */
  readonly installationId?: number;
}

export interface DeliveryRecord {
  readonly event: string;
  readonly action: string;
  readonly deliveryId: string;
  /** The bot's status, or the network error. */
  status: number | undefined;
  error: string | undefined;
}

export class WebhookDelivery {
  target: WebhookTarget | undefined;
  readonly records: DeliveryRecord[] = [];
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly fake: WebhookSource,
    private readonly onSettled: () => void,
  ) {}

  onEvent(event: StateEvent): void {
    const target = this.target;
    if (target === undefined) return;
    const installation = target.installationId === undefined ? {} : { installationId: target.installationId };
    const built: WebhookEvent =
      event.kind === 'pull_request'
        ? pullRequestEvent(this.fake, {
            repo: event.repo,
            number: event.number,
            action: event.action,
            sender: event.sender,
            ...(event.before === undefined ? {} : { before: event.before }),
            ...installation,
          })
        : event.kind === 'push'
          ? pushEvent(this.fake, { ...event, ...installation })
          : workflowRunEvent(this.fake, {
              repo: event.repo,
              runId: event.runId,
              action: event.action,
              sender: event.sender,
              ...installation,
            });
    const record: DeliveryRecord = {
      event: built.name,
      action: built.action,
      deliveryId: randomUUID(),
      status: undefined,
      error: undefined,
    };
    this.records.push(record);
    const sending = sendWebhook(target.url, built, { secret: target.secret, deliveryId: record.deliveryId })
      .then((result) => {
        record.status = result.status;
      })
      .catch((error: unknown) => {
        record.error = error instanceof Error ? error.message : String(error);
      })
      .finally(() => {
        this.pending.delete(sending);
        this.onSettled();
      });
    this.pending.add(sending);
  }

  /** Waits for deliveries in flight (close() calls this so no POST outlives the test). */
  async settle(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}
